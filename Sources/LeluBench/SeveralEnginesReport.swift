import Foundation

// MARK: - Row 15: report

/// What each of row 15's engines plays.
private let engineRoles = [
    "us": "current dialect",
    "eu": "July 2026, memory store",
    "ap": "current dialect, behind a proxy holding every request 10 s",
]

extension BenchReport {
    /// Row 15 of the headline table.
    func severalEnginesHeadline() -> [String] {
        var rows: [String] = []
        if let several = results.severalEngines {
            for label in answeringLabels {
                let samples = several.visible[label] ?? Samples()
                rows.append("| 15 | three engines, 1 s polling, `ap` answering after 10 s: enqueue → visible on `\(label)` "
                    + "(\(engineRoles[label] ?? label)) | p50 \(fmt(samples.p50)) ms, p99 \(fmt(samples.p99)) ms "
                    + "| p99 ≤ 1,100 ms | \(mark((samples.p99 ?? .infinity) <= 1100)) |")
            }
        }
        if let idle = results.severalIdle {
            let ones = [("current", results.severalIdleBaseline), ("July memory", results.severalIdleJuly)]
                .compactMap { name, one in one.map { "\(name) \(fmt($0.cpuPercent)) %, \(fmt($0.maxRSSMegabytes)) MB" } }
            let baseline = ones.isEmpty ? "" : " (one engine, 1,000 pending, same run: \(ones.joined(separator: "; ")))"
            rows.append("| 15 | idle, 3 × 1,000 pending (`us` current, `eu` July memory, `ap` current), 1 s polling "
                + "| \(fmt(idle.cpuPercent)) % CPU, \(fmt(idle.maxRSSMegabytes)) MB RSS\(baseline) | reported | — |")
        } else if let skipped = results.severalIdleSkipped {
            rows.append("| 15 | idle, 3 × 1,000 pending | \(skipped) | reported | — |")
        }
        return rows
    }

    /// The details of row 15.
    func severalEnginesDetails() -> [String] {
        guard results.severalEngines != nil || results.severalIdle != nil else { return [] }
        var out = ["### 15. Several engines in one console (issue 23)", ""]
        if let several = results.severalEngines {
            out += severalVisibleDetails(several)
        }
        if let idle = results.severalIdle {
            out += severalIdleDetails(idle)
        }
        return out
    }

    private func severalVisibleDetails(_ several: SeveralEnginesResult) -> [String] {
        var out: [String] = []
        out.append("The shipped `ConsoleRunner` watching three in-process `LocalEngine`s (`state.watch` with three "
            + "`EngineSpec`s, one `HTTPEngineClient` each, default 10 s request timeout, 1 s polling), on a terminal "
            + "with no screen. `ap` sits behind a loopback proxy that holds every request 10 s before passing it "
            + "on, so each of its reads times out and it is retried with the console's backoff. Samples alternate "
            + "between `us` and `eu`: a request is sent at a random phase of the poll cycle (row 1's method) and "
            + "timed until a drawn frame shows its action on any row (sorted newest first with `S`; the ENGINE "
            + "column comes first); it is then denied on its engine, so each queue keeps its size. `eu` holds "
            + "fewer than its list's 50, so every list is its whole queue (past 50 a July memory engine lists a "
            + "random 50, and arrival time is the dialect's, row 12).")
        out.append("")
        out.append("| engine | plays | pending | samples | p50 ms | p99 ms | min ms | max ms | target p99 |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for label in answeringLabels + ["ap"] {
            let samples = several.visible[label] ?? Samples()
            let timing = samples.count > 0
                ? "\(samples.count) | \(fmt(samples.p50)) | \(fmt(samples.p99)) | \(fmt(samples.min)) | \(fmt(samples.max)) | ≤ 1,100"
                : "— | — | — | — | — | —"
            out.append("| `\(label)` | \(engineRoles[label] ?? "") | \(several.pending[label] ?? 0) | \(timing) |")
        }
        out.append("")
        out.append("While measured (\(fmt(several.seconds)) s) the console sent `ap` \(several.slowRequests) requests; the "
            + "proxy wrote \(several.slowAnswers) answers back after holding them, "
            + (several.slowEverAnswered ? "and the console took at least one of them in time. "
                : "none of them in time for the console. ")
            + "The header at the end: `\(squeezed(several.header))`. The table then held \(several.staleAtEnd) rows the "
            + "bench had already denied on their engines (a departure is learnt as in row 13); "
            + (several.staleGoneAfter.map { "they had all left \(fmt($0)) s later." } ?? "they had not all left 60 s later."))
        out.append("")
        return out
    }

    private func severalIdleDetails(_ idle: IdleResult) -> [String] {
        var out: [String] = []
        out.append("Idle: row 7's method (the release `lelu-console` in a 200x60 tmux pane under `script -q -f`, "
            + "\(Int(idle.warmup)) s warm-up, then \(Int(idle.seconds.rounded())) s of CPU from `/proc/PID/stat` and VmRSS "
            + "once a second) with a config.toml of three `[engines.NAME]` tables naming three `lelu-local-engine` "
            + "processes (`us` `--dialect current`, `eu` `--dialect 2026-07 --store memory`, `ap` `--dialect current`), "
            + "1,000 pending on each, all answering; beside it, in the same run, the same console on one "
            + "engine with 1,000 pending, current and then July memory (a July memory engine past its list of 50 "
            + "is read three times a second and its rows are checked with GETs, 10 a second at most). The header "
            + "is the console's first line at the end.")
        out.append("")
        out.append("| engines | pending | CPU % of a core | RSS MiB p50 / max (MB max) | PSS MiB | private MiB | bytes/min | header at the end |")
        out.append("|---|---|---|---|---|---|---|---|")
        out.append(idleLine("3", idle))
        if let one = results.severalIdleBaseline {
            out.append(idleLine("1 (current)", one))
        }
        if let one = results.severalIdleJuly {
            out.append(idleLine("1 (July memory)", one))
        }
        out.append("")
        return out
    }

    private func idleLine(_ engines: String, _ idle: IdleResult) -> String {
        let mib = { (kib: Int?) in kib.map { fmt(Double($0) / 1024) } ?? "—" }
        return "| \(engines) | \(idle.items) | \(fmt(idle.cpuPercent)) | \(fmt((idle.rssKiB.p50 ?? 0) / 1024)) / "
            + "\(fmt((idle.rssKiB.max ?? 0) / 1024)) (\(fmt(idle.maxRSSMegabytes))) | \(mib(idle.pssKiB)) | \(mib(idle.privateKiB)) "
            + "| \(fmt(idle.bytesPerMinute)) | `\(squeezed(idle.header ?? ""))` |"
    }

    /// A screen line with its wide gaps (between the left and right of the header) cut to " … ".
    private func squeezed(_ line: String) -> String {
        line.replacingOccurrences(of: " {3,}", with: " … ", options: .regularExpression)
    }
}

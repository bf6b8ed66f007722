import Foundation

// MARK: - Rows 8–10 in the report

extension BenchReport {
    /// The headline rows of a year of journal and a simulated week.
    func longUseHeadline() -> [String] {
        guard let long = results.longUse else { return [] }
        var rows: [String] = []
        if long.decisions > 0 {
            let rssMB = Double(long.startRSSKiB.max() ?? 0) * 1.024 / 1000
            rows.append("| 8 | first screen, \(long.decisions.formatted()) decisions in the journal "
                + "| p50 \(fmt(long.startMs.p50)) ms, max \(fmt(long.startMs.max)) ms; RSS \(fmt(rssMB)) MB "
                + "| ≤ 300 ms, ≤ 50 MB | \(mark((long.startMs.max ?? .infinity) <= 300)) \(mark(rssMB <= 50)) |")
            rows.append("| 9 | `history --since 1h`, same journal | p50 \(fmt(long.historyMs.p50)) ms, "
                + "max \(fmt(long.historyMs.max)) ms | ≤ 200 ms | \(mark((long.historyMs.max ?? .infinity) <= 200)) |")
        }
        if let week = long.week {
            let growthMB = Double(week.rssAfterKiB - week.rssBeforeKiB) * 1.024 / 1000
            let before = week.keyBefore.p99 ?? 0
            let after = week.keyAfter.p99 ?? .infinity
            rows.append("| 10 | a simulated week, \(week.requests.formatted()) requests decided "
                + "| RSS +\(fmt(growthMB)) MB; key → frame p99 \(fmt(before)) → \(fmt(after)) ms "
                + "| ≤ 10 MB, unchanged | \(mark(growthMB <= 10)) \(mark(after <= max(before * 1.5, before + 0.5))) |")
        }
        return rows
    }

    /// The details of rows 8–10.
    func longUseDetails() -> [String] {
        guard let long = results.longUse else { return [] }
        var out: [String] = []
        if long.decisions > 0 {
            out.append("### 8–9. A year of journal")
            out.append("")
            out.append("A journal as the console before rotation wrote it: \(long.decisions.formatted()) decisions "
                + "(held → sending → confirmed; one in 10,000 left `sending`), \(long.lines.formatted()) lines, "
                + "\(fmt(long.megabytes)) MB in one `decisions.jsonl`, spread over the year before now. Each start is "
                + "a `lelu-bench --probe-start` child process doing what the console does before its first frame "
                + "(open the journal, restore, the shipped `ConsoleRunner`'s first frame at 200x60, an engine that "
                + "answers at once): milliseconds from spawning it to that frame, and its VmRSS then. The first "
                + "start takes the old file over after its first frame (rotates it into archives of 1 MiB on the "
                + "journal's queue, then restores); the later ones read only the live file before it.")
            out.append("")
            out.append("| start | ms to first frame | RSS MiB |")
            out.append("|---|---|---|")
            out.append("| first, taking over the old file (once) | \(fmt(long.takeoverMs)) | \(fmt(Double(long.takeoverRSSKiB) / 1024)) |")
            out.append("| … that first start's takeover finished (history and unsent decisions in) | "
                + "\(fmt(long.takeoverDoneMs)) | \(fmt(Double(long.takeoverDoneRSSKiB) / 1024)) |")
            for (ms, rss) in zip(long.startMs.values, long.startRSSKiB) {
                out.append("| later | \(fmt(ms)) | \(fmt(Double(rss) / 1024)) |")
            }
            out.append("")
            out.append("Row 9 runs the release `lelu-console history --since 1h --journal …` on the same journal "
                + "after the takeover, \(long.historyMs.count) times: wall time per run including process start; "
                + "it printed \(long.historyLines) lines. Only the live file and the archives whose last record "
                + "is newer than the cutoff are read.")
            out.append("")
            out.append("| runs | p50 ms | max ms | min ms |")
            out.append("|---|---|---|---|")
            out.append("| \(long.historyMs.count) | \(fmt(long.historyMs.p50)) | \(fmt(long.historyMs.max)) | \(fmt(long.historyMs.min)) |")
            out.append("")
        }
        if let week = long.week {
            out.append("### 10. A simulated week")
            out.append("")
            out.append("The shipped `ConsoleRunner` on an injected clock, with an in-memory engine: ten requests "
                + "arrive each simulated minute, a poll brings them, and each is approved with `a` (undo window 0) "
                + "and answered before the next; the journal (fsync per record, rotating at 1 MiB) is on tmpfs. "
                + "\(week.requests.formatted()) requests over \(fmt(week.simulatedDays)) simulated days took "
                + "\(fmt(week.wallSeconds)) s. RSS is the bench process's VmRSS after the first simulated hour and "
                + "at the end; key → frame is 1,000 `j`/`k` presses with 10 rows queued, each from the key to "
                + "the frame the runner draws for it.")
            out.append("")
            out.append("| RSS before MiB | RSS after MiB | growth MB | key→frame p50/p99 ms before | after | history rows kept | archives |")
            out.append("|---|---|---|---|---|---|---|")
            out.append("| \(fmt(Double(week.rssBeforeKiB) / 1024)) | \(fmt(Double(week.rssAfterKiB) / 1024)) "
                + "| \(fmt(Double(week.rssAfterKiB - week.rssBeforeKiB) * 1.024 / 1000)) "
                + "| \(fmt(week.keyBefore.p50)) / \(fmt(week.keyBefore.p99)) | \(fmt(week.keyAfter.p50)) / \(fmt(week.keyAfter.p99)) "
                + "| \(week.historyRows.formatted()) | \(week.archives) |")
            out.append("")
            out.append("RSS MiB at each tenth of the week: "
                + week.rssTrajectoryKiB.map { fmt(Double($0) / 1024) }.joined(separator: ", ")
                + ". The History tab's rows grow until its cap (5,000 rows, reached after 5,000 decisions); "
                + "everything else the console keeps per request follows the engine's list.")
            out.append("")
        }
        return out
    }
}

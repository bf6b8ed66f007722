import Hummingbird

// MARK: - Approve and deny

extension EngineHandlers {
    /// Who is resolving, once the reviewer rules have passed.
    private struct Reviewer {
        let name: String
        let authenticated: Bool
    }

    /// `POST /v1/queue/{id}/approve|deny`: decode, find the item, check the reviewer, store (current order of checks).
    func resolve(_ id: String, as status: ReviewStatus, request: Request) async -> Response {
        let body: ResolveBody
        switch await readJSON(request).flatMap(ResolveBody.decode) {
        case .success(let decoded): body = decoded
        case .failure(let error): return JSONReply.error(error.message, status: .badRequest)
        }
        guard configuration.dialect == .current else {
            return await store(id, as: status, by: body.resolvedBy ?? "", note: body.note ?? "", reviewer: nil)
        }
        guard let item = await queue.item(id) else {
            return JSONReply.error(WireText.notFound(id), status: .notFound)
        }
        let reviewer: Reviewer
        let header = HeaderName.reviewerKey.flatMap { request.headers[values: $0].first }
        switch identify(body, header: header, actor: item.actor) {
        case .success(let found): reviewer = found
        case .failure(let refusal): return refusal.response
        }
        return await store(id, as: status, by: reviewer.name, note: body.note ?? "", reviewer: reviewer)
    }

    /// A refusal that is already a response.
    private struct Refusal: Error {
        let response: Response
    }

    /// The current engine's reviewer rules: a reviewer key when configured, else a self-asserted, non-actor name.
    private func identify(_ body: ResolveBody, header: String?, actor: String) -> Result<Reviewer, Refusal> {
        if reviewerKeys.isEnabled {
            guard let name = reviewerKeys.reviewer(for: header) else {
                return .failure(Refusal(response: JSONReply.error(WireText.reviewerRequired, status: .forbidden)))
            }
            return .success(Reviewer(name: name, authenticated: true))
        }
        let name = (body.resolvedBy ?? "").trimmingSpaces
        guard !name.isEmpty else {
            return .failure(Refusal(response: JSONReply.error(WireText.resolvedByRequired, status: .badRequest)))
        }
        guard name != actor else {
            return .failure(Refusal(response: JSONReply.error(WireText.selfApproval, status: .forbidden)))
        }
        return .success(Reviewer(name: name, authenticated: false))
    }

    /// Stores the decision and answers in the dialect's words (`reviewer` is `nil` in July).
    private func store(_ id: String, as status: ReviewStatus, by name: String, note: String, reviewer: Reviewer?) async -> Response {
        let outcome = await queue.resolve(id, as: status, by: name, note: note)
        guard let reviewer else {
            switch outcome {
            case .resolved: return JSONReply.make(WireJSON.object([("success", WireJSON.bool(true))]))
            case .notFound: return JSONReply.error(WireText.notFound(id), status: .badRequest)
            case .alreadyResolved(let current): return JSONReply.error(WireText.already(id, current), status: .badRequest)
            case .expired: return JSONReply.error(WireText.expired(id), status: .badRequest)
            }
        }
        switch outcome {
        case .resolved:
            return JSONReply.make(WireJSON.object([
                ("success", WireJSON.bool(true)),
                ("resolved_by", WireJSON.string(reviewer.name)),
                ("reviewer_authenticated", WireJSON.bool(reviewer.authenticated)),
            ]))
        case .notFound:
            return JSONReply.error(WireText.notFound(id), status: .notFound)
        case .alreadyResolved(let current):
            return JSONReply.make(WireJSON.object([
                ("success", WireJSON.bool(false)),
                ("error", WireJSON.string(WireText.conflict)),
                ("current_status", WireJSON.string(current.rawValue)),
            ]), status: .conflict)
        case .expired:
            return JSONReply.error(WireText.expired(id), status: .badRequest)
        }
    }
}

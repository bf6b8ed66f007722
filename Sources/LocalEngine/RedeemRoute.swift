import Hummingbird

// MARK: - Redeem (current dialect)

extension EngineHandlers {
    /// `POST /v1/queue/{id}/redeem`: the agent presents its authorize body to use an approval once.
    func redeem(_ id: String, request: Request) async -> Response {
        let body: AuthorizeRequest
        switch await readJSON(request).flatMap(AuthorizeRequest.decode) {
        case .success(let decoded): body = decoded
        case .failure(let error): return JSONReply.error(error.message, status: .badRequest)
        }
        switch await queue.redeem(id, fingerprint: body.fingerprint) {
        case .notFound: return JSONReply.error(WireText.reviewNotFound(id), status: .notFound)
        case .redeemed: return redeemReply(allowed: true, reason: WireText.redeemed, id: id)
        case .refused(let reason): return redeemReply(allowed: false, reason: reason, id: id)
        }
    }

    /// `{"allowed","reason","review_id","trace_id"}`, 200 when allowed, else 403.
    private func redeemReply(allowed: Bool, reason: String, id: String) -> Response {
        JSONReply.make(WireJSON.object([
            ("allowed", WireJSON.bool(allowed)),
            ("reason", WireJSON.string(reason)),
            ("review_id", WireJSON.string(id)),
            ("trace_id", WireJSON.string(ConfidenceGate.traceID())),
        ]), status: allowed ? .ok : .forbidden)
    }
}

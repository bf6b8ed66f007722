import Foundation
import Hummingbird

// MARK: - Authorize

extension EngineHandlers {
    /// `POST /v1/agent/authorize`: the confidence gate, queueing the review band.
    func authorize(_ request: Request) async -> Response {
        let body: AuthorizeRequest
        switch await readJSON(request).flatMap(AuthorizeRequest.decode) {
        case .success(let decoded): body = decoded
        case .failure(let error): return JSONReply.error(error.message, status: .badRequest)
        }
        guard let action = body.action, !action.isEmpty else {
            return JSONReply.error("action is required", status: .badRequest)
        }
        if let confidence = body.statedConfidence, !(0...1).contains(confidence) {
            return JSONReply.error(WireText.confidenceOutOfRange(confidence), status: .badRequest)
        }
        let traceID = ConfidenceGate.traceID()
        guard let confidence = body.statedConfidence else {
            guard configuration.missingConfidence == .review else {
                return JSONReply.make(AuthorizeReply(
                    allowed: false, reason: ConfidenceGate.missingDenyReason, traceID: traceID,
                    requiresHumanReview: false, confidenceUsed: 0))
            }
            let id = await enqueue(body, action: action, confidence: 0, reason: ConfidenceGate.missingReviewReason)
            return JSONReply.make(AuthorizeReply(
                allowed: false, reason: ConfidenceGate.missingReviewReason, traceID: traceID,
                requiresHumanReview: true, confidenceUsed: 0, reviewID: reviewID(id)))
        }
        let verdict = ConfidenceGate.verdict(for: confidence)
        let reason = ConfidenceGate.reason(for: verdict, confidence: confidence)
        var reply = AuthorizeReply(
            allowed: verdict == .allow || verdict == .downgrade, reason: reason, traceID: traceID,
            requiresHumanReview: verdict == .review, confidenceUsed: confidence)
        switch verdict {
        case .review: reply.reviewID = reviewID(await enqueue(body, action: action, confidence: confidence, reason: reason))
        case .downgrade: reply.downgradedScope = ConfidenceGate.downgradedScope
        case .allow, .deny: break
        }
        return JSONReply.make(reply)
    }

    /// The `review_id` the reply carries: the current engine names the item, the July engine never did.
    private func reviewID(_ id: String) -> String? {
        configuration.dialect == .current ? id : nil
    }

    /// Queues one pending item and returns its id; the current dialect binds it to the request's fingerprint.
    private func enqueue(_ body: AuthorizeRequest, action: String, confidence: Double, reason: String) async -> String {
        let item = ReviewItem(
            id: UUID().uuidString.lowercased(),
            tenantID: body.tenantID ?? "",
            actor: body.actor ?? "",
            action: action,
            resource: body.stringResource,
            confidenceScore: confidence,
            reason: reason,
            actingFor: body.actingFor ?? "",
            enqueuedAt: Timestamp.now(),
            payloadFingerprint: configuration.dialect == .current ? body.fingerprint : ""
        )
        await queue.enqueue(item)
        return item.id
    }
}

import Foundation

// MARK: - Event

/// Everything that can happen to the console: input, time, and answers from the engine.
package enum Event: Equatable, Sendable {
    /// The console opened; the first poll is due.
    case started(Date)
    /// A key was pressed.
    case key(Key)
    /// A click or a wheel turn (with `--mouse`).
    case mouse(MouseInput)
    /// Time passed (drives ages, highlights and the poll schedule).
    case tick(Date)
    /// The terminal changed size.
    case resized(Size)
    /// A poll came back.
    case pollSucceeded(PendingList, at: Date)
    /// A poll failed.
    case pollFailed(EngineError, at: Date)
    /// A page of the current engine's list came back.
    case pageSucceeded(PendingList, page: PageRequest, at: Date)
    /// A page of the current engine's list failed.
    case pageFailed(EngineError, page: PageRequest, at: Date)
    /// A row's check (`GET /v1/queue/{id}`) answered.
    case itemChecked(ReviewRequest, at: Date)
    /// A row's check failed.
    case itemCheckFailed(id: String, error: EngineError, at: Date)
    /// The engine accepted a decision; the receipt says under which name (current engine).
    case decisionSucceeded(id: String, decision: Decision, receipt: ResolveReceipt = ResolveReceipt(), at: Date)
    /// The engine refused a decision, or it did not reach it.
    case decisionFailed(id: String, decision: Decision, error: EngineError, at: Date)
    /// `GET /v1/queue/{id}` answered.
    case itemFetched(ReviewRequest, at: Date)
    /// `GET /v1/queue/{id}` failed.
    case itemFetchFailed(id: String, error: EngineError, at: Date)
    /// The engine's features were probed: which API it speaks, whether it checks reviewers.
    case engineProbed(EngineProfile)
    /// The decision journal could not be written.
    case journalFailed(reason: String, at: Date)
    /// A page of older history was read from the journal's files.
    case historyLoaded(HistoryPage)
    /// The journal was opened after the first frame (a large journal of an earlier version was
    /// taken over): the live file's records.
    case journalOpened([JournalEntry])
    /// This reviewer's confirmed decisions on this engine in the record's window, read from the
    /// journal's files (``Effect/loadRecord(engine:reviewer:since:)``).
    case recordLoaded([JournalEntry])
    /// The terminal gained (true) or lost (false) focus (`CSI I` / `CSI O`).
    case focusChanged(Bool)
    /// SIGINT, SIGTERM or SIGHUP: quit in an orderly way.
    case terminate
    /// An answer from one of several engines (its items and IDs already keyed `label/id`).
    indirect case engine(String, Event)
}

// MARK: - Effect

/// Work the reducer asks the runner to do; values, so tests assert them directly.
package enum Effect: Equatable, Sendable {
    /// `GET /v1/queue/pending`; answer with `pollSucceeded` or `pollFailed`.
    case fetchPending
    /// `GET /v1/queue/pending?limit=L&offset=O`; answer with `pageSucceeded` or `pageFailed`.
    case fetchPage(PageRequest)
    /// `GET /v1/queue/{id}` to check a row; answer with `itemChecked` or `itemCheckFailed`.
    case checkItem(id: String)
    /// Tell the engines apart (`/healthz`, the list, the redeem route); answer with `engineProbed`.
    case probeEngine
    /// Approve or deny; answer with `decisionSucceeded` or `decisionFailed`.
    case submit(id: String, decision: Decision, note: String)
    /// `GET /v1/queue/{id}`; answer with `itemFetched` or `itemFetchFailed`.
    case fetchItem(id: String)
    /// Append a record to the decision journal.
    case journal(JournalEntry)
    /// Open the journal (taking over a large one from an earlier version); answer with `journalOpened`.
    case openJournal
    /// Read up to `limit` older decisions of this engine after `after` (newest first); answer with `historyLoaded`.
    case loadHistory(engine: String, after: HistoryCursor?, limit: Int)
    /// Read this reviewer's confirmed decisions on this engine since `since` from the journal's
    /// live file and archives; answer with `recordLoaded`.
    case loadRecord(engine: String, reviewer: String, since: Date)
    /// Set the terminal title.
    case setTitle(String)
    /// Ring the terminal bell.
    case bell
    /// Ask for the reviewer's attention: a desktop notification, or the bell.
    case notify(DesktopNotification)
    /// Hand the queue's changes to whoever reads them (`watch`).
    case report([QueueChange])
    /// Leave the console.
    case quit
    /// A read or probe for one of several engines (``EngineSet``); answer with `Event.engine`.
    /// Work on a row (`checkItem`, `fetchItem`, `submit`) goes to the engine its key names.
    indirect case engine(String, Effect)
}

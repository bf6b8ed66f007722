import ReviewModel
// Temporary until the terminal branch lands.
protocol TerminalScreen: AnyObject {
    var size: Size { get }
    func draw(_ grid: Grid)
    func readKey(timeoutMilliseconds: Int) -> TerminalInput?
    func setTitle(_ text: String)
    func restore()
}
enum TerminalInput: Equatable { case key(Key), resize(Size) }

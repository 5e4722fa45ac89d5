import FairPlacesCore

/// The pupils file's funding columns (issue #5). Kept beside `PupilsFile` so its reader gains only
/// the calls.
extension PupilsFile {
    /// The row's Ever-6 FSM status: the `fsm6` column, or FSM now when the file has no such column
    /// or the cell is empty. A pupil eligible now is Ever-6 by definition (the last six years include
    /// this census), so `fsm = 1` with `fsm6 = 0` is an error rather than a guess.
    static func everFSM(_ table: CSVTable, _ v: CSVTable.Record, _ column: Columns, line: Int) throws -> Bool {
        let fsm = try table.bool(v, column.fsm, line: line)
        guard let cell = v[column.fsm6], !cell.isEmpty else { return fsm }
        let everFSM = try table.bool(v, column.fsm6, line: line)
        if fsm && !everFSM {
            throw table.error(line, "fsm6", "a pupil eligible for FSM now (fsm = 1) is FSM in the last six years too; fsm6 must be 1")
        }
        return everFSM
    }
}

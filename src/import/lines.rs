//! Physical line numbers of places in an import file, counted the way an
//! editor shows them, so every bad record is named where its reader looks.

/// Physical line numbers of byte offsets asked in increasing order, in one
/// pass over the text however many records ask: a line ends at `\n`, at
/// `\r\n` (once) and at a lone `\r`.
pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    /// Where the count has reached, and the line of that byte.
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Lines<'a> {
        Lines {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line on which byte `at` lies: 1 + the line ends before it.
    pub(super) fn line_at(&mut self, at: usize) -> usize {
        let at = at.min(self.bytes.len());
        if at < self.offset {
            // Never asked by the readers here; counted again rather than wrong.
            (self.offset, self.line) = (0, 1);
        }
        let bytes = self.bytes;
        for (i, byte) in bytes[self.offset..at].iter().enumerate() {
            let breaks = match byte {
                b'\n' => true,
                // `\r\n` is counted at its `\n`.
                b'\r' => bytes.get(self.offset + i + 1) != Some(&b'\n'),
                _ => false,
            };
            self.line += usize::from(breaks);
        }
        self.offset = at;
        self.line
    }

    /// The first byte of a record the `csv` crate read from `position`:
    /// it gives the byte where it began to read, which is still before the
    /// `\n` of a `\r\n` and before any blank lines.
    pub(super) fn record_start(&self, position: Option<&csv::Position>) -> usize {
        let from = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let from = from.min(self.bytes.len());
        from + self.bytes[from..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count()
    }
}

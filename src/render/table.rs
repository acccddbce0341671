//! The hand-laid tables (`week`'s days, `report`'s periods, `list`'s
//! walks) as fixed columns: each column's width and side is written once,
//! and cells are padded by display width, so a header and its rows cannot
//! drift apart.
// Ours rather than comfy-table or bartib's `Table`: both size columns from
// their content and pad the last one, where these are fixed widths with
// a free last column (a note), painted a whole line at a time.

use super::{pad, pad_left};

/// Which side of its column a cell keeps to.
#[derive(Clone, Copy, Debug)]
pub enum Side {
    Left,
    Right,
}

/// Fixed columns: `indent` before the first, `gap` between each two.
#[derive(Clone, Copy, Debug)]
pub struct Columns {
    pub indent: &'static str,
    pub gap: &'static str,
    /// Each column's width, and the side its cells keep to.
    pub widths: &'static [(usize, Side)],
}

impl Columns {
    /// One line of the table: each cell padded to its column (a wider
    /// cell is kept whole and pushes the rest right).
    pub fn row(&self, cells: &[&str]) -> String {
        let laid: Vec<String> = self
            .widths
            .iter()
            .zip(cells)
            .map(|(&(width, side), cell)| match side {
                Side::Left => pad(cell, width),
                Side::Right => pad_left(cell, width),
            })
            .collect();
        format!("{}{}", self.indent, laid.join(self.gap))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_to_their_side_by_display_width() {
        const TABLE: Columns = Columns {
            indent: "  ",
            gap: " ",
            widths: &[(4, Side::Left), (3, Side::Right), (0, Side::Left)],
        };
        assert_eq!(TABLE.row(&["雨", "7", "note"]), "  雨     7 note");
        assert_eq!(TABLE.row(&["long cell", "1234", ""]), "  long cell 1234 ");
    }
}

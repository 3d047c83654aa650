//! [`Selection`]: the rows an analysis looks at, after filtering.
//!
//! Without filters every row is selected and no index list is stored; with filters the
//! selected row numbers are kept in ascending order (4 bytes a selected row), which makes each
//! later pass a cache-friendly gather.

/// The rows selected by the dashboard filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    total: usize,
    rows: Option<Vec<u32>>,
}

impl Selection {
    /// Every one of `total` rows.
    pub fn all(total: usize) -> Selection {
        Selection { total, rows: None }
    }

    /// The given rows (ascending, each `< total`) out of `total`.
    pub fn from_rows(total: usize, rows: Vec<u32>) -> Selection {
        debug_assert!(rows.windows(2).all(|w| w[0] < w[1]));
        Selection { total, rows: Some(rows) }
    }

    /// Number of selected rows.
    pub fn len(&self) -> usize {
        self.rows.as_ref().map_or(self.total, Vec::len)
    }

    /// Whether no row is selected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rows in the dataset.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Whether every row is selected.
    pub fn is_all(&self) -> bool {
        self.rows.is_none()
    }

    /// The selected row numbers, or `None` when all rows are selected.
    pub fn rows(&self) -> Option<&[u32]> {
        self.rows.as_deref()
    }

    /// The `i`-th selected row.
    pub fn nth(&self, i: usize) -> usize {
        match &self.rows {
            None => i,
            Some(rows) => rows[i] as usize,
        }
    }

    /// Whether each row is selected, or `None` when all are.
    pub fn mask(&self) -> Option<Vec<bool>> {
        let rows = self.rows.as_ref()?;
        let mut mask = vec![false; self.total];
        for &r in rows {
            mask[r as usize] = true;
        }
        Some(mask)
    }

    /// Calls `f` with each selected row number, in ascending order.
    #[inline]
    pub fn for_each(&self, mut f: impl FnMut(usize)) {
        match &self.rows {
            None => (0..self.total).for_each(f),
            Some(rows) => rows.iter().for_each(|&r| f(r as usize)),
        }
    }
}

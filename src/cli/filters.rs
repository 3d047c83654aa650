//! [`FilterArgs`]: the dashboard's filters on the command line (`--from`, `--to`,
//! `--divisions`, `--crime-types`), shared by `profile` (the rows profiled) and `features`,
//! `train` and `tune` (the rows trained on, left out before the split).

use clap::Args;

use super::values::iso_date;
use crate::core::eda::Filters;

/// The row filters.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// First DATE OCC kept (inclusive).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = iso_date)]
    pub from: Option<String>,
    /// Last DATE OCC kept (inclusive).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = iso_date)]
    pub to: Option<String>,
    /// AREA codes kept, comma-separated (1–21).
    #[arg(long, value_name = "1,8,12", value_delimiter = ',', value_parser = clap::value_parser!(i32).range(1..=21))]
    pub divisions: Vec<i32>,
    /// Crime types kept, `;`-separated: Crm Cd codes or exact Crm Cd Desc texts.
    #[arg(long, value_name = "510;BURGLARY", value_delimiter = ';')]
    pub crime_types: Vec<String>,
}

impl FilterArgs {
    /// The filters chosen (empty when none is given).
    pub fn filters(&self) -> Filters {
        let mut f = Filters { date_from: self.from.clone(), date_to: self.to.clone(), ..Filters::default() };
        f.divisions = self.divisions.clone();
        for t in self.crime_types.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            match t.parse::<i32>() {
                Ok(code) => f.crime_codes.push(code),
                Err(_) => f.crime_descs.push(t.to_owned()),
            }
        }
        f
    }

    /// The filters when any is given, for options that keep a base's value otherwise.
    pub fn chosen(&self) -> Option<Filters> {
        Some(self.filters()).filter(|f| !f.is_empty())
    }
}

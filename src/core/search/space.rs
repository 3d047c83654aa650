//! Search spaces: which hyper-parameters to vary, over which values, on the params' JSON form.
//!
//! A [`SearchSpace`] is a base params value (for example `ModelParams::Gbdt(default)`) plus a
//! list of [`ParamSpec`]s, each naming one field of the params' JSON object and the values it
//! may take ([`ParamRange`]). [`SearchSpace::candidates`] builds every grid point or a seeded
//! random draw ([`Strategy`]) by writing the values into the base's JSON and deserialising it
//! back, so any serde params type works and a misspelt name is a clear error.
//!
//! ```json search-space
//! { "base": { "model": "gbdt", "params": {} },
//!   "params": [
//!     { "name": "learning_rate", "kind": "float", "low": 0.03, "high": 0.3, "log": true, "steps": 3 },
//!     { "name": "max_depth", "kind": "int", "low": 4, "high": 8, "step": 2 },
//!     { "name": "max_leaves", "kind": "values", "values": [15, 31, 63] } ] }
//! ```
//!
//! Every key is checked: a space, a spec or a range with a key it does not know is refused
//! naming the key ([`strict`](crate::core::strict)).

use crate::core::math::DetMath;
use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::rng::Rng;

/// Most candidates a grid may have.
pub const MAX_GRID: usize = 10_000;

/// Values one hyper-parameter may take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ParamRange {
    /// An explicit list of JSON values (numbers, strings, booleans, lists…).
    Values {
        /// The values; the grid uses all, random search picks one uniformly.
        values: Vec<Value>,
    },
    /// Integers `low..=high` in steps of `step`.
    Int {
        /// Smallest value.
        low: i64,
        /// Largest value (included when on the step lattice).
        high: i64,
        /// Spacing (default 1, ≥ 1).
        #[serde(default = "one")]
        step: i64,
    },
    /// Real numbers in `[low, high]`.
    Float {
        /// Smallest value.
        low: f64,
        /// Largest value.
        high: f64,
        /// Evenly spaced on a log scale (grid) or log-uniform (random); needs `low > 0`.
        #[serde(default)]
        log: bool,
        /// Grid points, ends included (default 5, ≥ 1; 1 gives `low`).
        #[serde(default = "five")]
        steps: usize,
    },
}

fn one() -> i64 {
    1
}

fn five() -> usize {
    5
}

/// One hyper-parameter to vary: `{"name": …}` beside the fields of its [`ParamRange`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamSpec {
    /// Field name in the params' JSON object (`learning_rate`).
    pub name: String,
    /// Its values.
    #[serde(flatten)]
    pub range: ParamRange,
}

/// Reads `name` and hands the other keys to [`ParamRange`], which refuses keys it does not
/// know (serde's `flatten` cannot be combined with `deny_unknown_fields`).
impl<'de> Deserialize<'de> for ParamSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<ParamSpec, D::Error> {
        use serde::de::Error as _;
        let mut object = serde_json::Map::<String, Value>::deserialize(deserializer)?;
        let name = match object.remove("name") {
            Some(Value::String(name)) => name,
            Some(other) => return Err(D::Error::custom(format!("invalid type: {other}, expected a string"))),
            None => return Err(D::Error::missing_field("name")),
        };
        let range = ParamRange::deserialize(Value::Object(object)).map_err(D::Error::custom)?;
        Ok(ParamSpec { name, range })
    }
}

/// How candidates are drawn from a space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case", deny_unknown_fields)]
pub enum Strategy {
    /// Every combination (at most [`MAX_GRID`]).
    Grid,
    /// `n` distinct random combinations (fewer if the space is smaller), seeded.
    Random {
        /// Candidates wanted.
        n: usize,
        /// Seed of the draws.
        seed: u64,
    },
}

/// Base params and the hyper-parameters to vary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSpace<P> {
    /// Params every candidate starts from.
    pub base: P,
    /// Hyper-parameters to vary.
    pub params: Vec<ParamSpec>,
}

/// One point of a space: full params, and the values that were set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate<P> {
    /// The complete params.
    pub params: P,
    /// The varied hyper-parameters and their values (the columns of a results table).
    pub values: BTreeMap<String, Value>,
}

/// Params types whose hyper-parameters live in a JSON object.
pub trait ParamsJson: Serialize + DeserializeOwned {
    /// JSON pointer to the object of hyper-parameters inside the params' JSON (`""`: the
    /// value itself; `"/params"` for the adjacently tagged `ModelParams`).
    const PARAMS_POINTER: &'static str = "";
}

impl ParamRange {
    /// Every grid value.
    pub fn grid(&self) -> Result<Vec<Value>> {
        self.check()?;
        Ok(match self {
            ParamRange::Values { values } => values.clone(),
            ParamRange::Int { low, high, step } => {
                (*low..=*high).step_by(*step as usize).map(Value::from).collect()
            }
            ParamRange::Float { low, high, log, steps } => (0..*steps)
                .map(|i| {
                    let t = if *steps == 1 { 0.0 } else { i as f64 / (*steps - 1) as f64 };
                    let v = if i == 0 {
                        *low
                    } else if i + 1 == *steps {
                        *high
                    } else if *log {
                        (low.det_ln() + t * (high.det_ln() - low.det_ln())).det_exp()
                    } else {
                        low + t * (high - low)
                    };
                    Value::from(v)
                })
                .collect(),
        })
    }

    /// One random value.
    pub fn draw(&self, rng: &mut Rng) -> Value {
        match self {
            ParamRange::Values { values } => values[rng.below(values.len() as u64) as usize].clone(),
            ParamRange::Int { low, high, step } => {
                let n = ((high - low) / step) as u64 + 1;
                Value::from(low + rng.below(n) as i64 * step)
            }
            ParamRange::Float { low, high, log, .. } => {
                let t = rng.f64();
                Value::from(if *log {
                    (low.det_ln() + t * (high.det_ln() - low.det_ln())).det_exp()
                } else {
                    low + t * (high - low)
                })
            }
        }
    }

    fn check(&self) -> Result<()> {
        let ok = match self {
            ParamRange::Values { values } => !values.is_empty(),
            ParamRange::Int { low, high, step } => low <= high && *step >= 1,
            ParamRange::Float { low, high, log, steps } => {
                low.is_finite() && high.is_finite() && low <= high && *steps >= 1 && (!log || *low > 0.0)
            }
        };
        if ok {
            return Ok(());
        }
        let valid = match self {
            ParamRange::Values { .. } => "at least one value",
            ParamRange::Int { .. } => "low ≤ high and a step of 1 or more",
            ParamRange::Float { .. } => "finite low ≤ high, 1 or more steps, and low > 0 on a log scale",
        };
        Err(Error::invalid_param("search", "range", serde_json::to_string(self).unwrap_or_default(), valid))
    }
}

impl<P: ParamsJson> SearchSpace<P> {
    /// A space varying `params` around `base`.
    pub fn new(base: P, params: Vec<ParamSpec>) -> SearchSpace<P> {
        SearchSpace { base, params }
    }

    /// The base's JSON, with every varied name checked to exist.
    fn base_json(&self) -> Result<Value> {
        let base = serde_json::to_value(&self.base).unwrap_or(Value::Null);
        let Some(object) = base.pointer(P::PARAMS_POINTER).and_then(Value::as_object) else {
            return Err(Error::invalid_param("search", "base", base, "params written as a JSON object"));
        };
        let mut names = BTreeSet::new();
        for spec in &self.params {
            if !object.contains_key(&spec.name) {
                let valid = object.keys().cloned().collect();
                return Err(
                    ErrorKind::UnknownKey { owner: "search".into(), key: spec.name.clone(), valid }.into()
                );
            }
            if !names.insert(spec.name.as_str()) {
                return Err(Error::invalid_param(
                    "search",
                    "name",
                    &spec.name,
                    "each hyper-parameter varied once",
                ));
            }
            spec.range.check()?;
        }
        Ok(base)
    }

    /// The params with `values` written over the base.
    fn build(&self, base: &Value, values: BTreeMap<String, Value>) -> Result<Candidate<P>> {
        let mut json = base.clone();
        let object =
            json.pointer_mut(P::PARAMS_POINTER).and_then(Value::as_object_mut).expect("checked by base_json");
        for (name, value) in &values {
            object.insert(name.clone(), value.clone());
        }
        let params = crate::core::strict::from_value("search", json)?;
        Ok(Candidate { params, values })
    }

    /// The candidates of a strategy. With no varied hyper-parameter, the base alone.
    pub fn candidates(&self, strategy: &Strategy) -> Result<Vec<Candidate<P>>> {
        let base = self.base_json()?;
        match strategy {
            Strategy::Grid => {
                let axes: Vec<Vec<Value>> =
                    self.params.iter().map(|s| s.range.grid()).collect::<Result<_>>()?;
                let size = axes
                    .iter()
                    .try_fold(1usize, |acc, a| acc.checked_mul(a.len()))
                    .filter(|&s| s <= MAX_GRID)
                    .ok_or_else(|| {
                        Error::from(ErrorKind::Limit {
                            what: "grid points (use fewer values or random search)".into(),
                            limit: MAX_GRID.to_string(),
                            found: "more".into(),
                        })
                    })?;
                let mut out = Vec::with_capacity(size);
                for index in 0..size {
                    let mut rest = index;
                    let mut values = BTreeMap::new();
                    // The last parameter varies fastest.
                    for (spec, axis) in self.params.iter().zip(&axes).rev() {
                        values.insert(spec.name.clone(), axis[rest % axis.len()].clone());
                        rest /= axis.len();
                    }
                    out.push(self.build(&base, values)?);
                }
                Ok(out)
            }
            Strategy::Random { n, seed } => {
                let mut rng = Rng::new(*seed);
                let mut seen = BTreeSet::new();
                let mut out = Vec::with_capacity(*n);
                let mut tries = 0;
                while out.len() < *n && tries < n.saturating_mul(20).max(100) {
                    tries += 1;
                    let values: BTreeMap<String, Value> =
                        self.params.iter().map(|s| (s.name.clone(), s.range.draw(&mut rng))).collect();
                    let key = serde_json::to_string(&values).unwrap_or_default();
                    if seen.insert(key) {
                        out.push(self.build(&base, values)?);
                    }
                    if self.params.is_empty() {
                        break;
                    }
                }
                Ok(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct P {
        depth: usize,
        rate: f64,
        policy: String,
    }

    impl Default for P {
        fn default() -> P {
            P { depth: 6, rate: 0.1, policy: "a".into() }
        }
    }

    impl ParamsJson for P {}

    fn space() -> SearchSpace<P> {
        let specs: Vec<ParamSpec> = serde_json::from_str(
            r#"[{"name": "depth", "kind": "int", "low": 2, "high": 6, "step": 2},
                {"name": "rate", "kind": "float", "low": 0.01, "high": 1.0, "log": true, "steps": 3}]"#,
        )
        .unwrap();
        SearchSpace::new(P::default(), specs)
    }

    #[test]
    fn grid_is_the_cartesian_product() {
        let c = space().candidates(&Strategy::Grid).unwrap();
        assert_eq!(c.len(), 9);
        assert_eq!((c[0].params.depth, c[0].params.rate), (2, 0.01));
        assert!((c[1].params.rate - 0.1).abs() < 1e-12);
        assert_eq!(c[8].params.depth, 6);
        assert_eq!(c[8].params.policy, "a");
        assert_eq!(c[4].values["depth"], Value::from(4));
    }

    #[test]
    fn random_is_seeded_distinct_and_in_range() {
        let s = space();
        let a = s.candidates(&Strategy::Random { n: 5, seed: 1 }).unwrap();
        let b = s.candidates(&Strategy::Random { n: 5, seed: 1 }).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 5);
        for c in &a {
            assert!([2, 4, 6].contains(&c.params.depth));
            assert!((0.01..=1.0).contains(&c.params.rate));
        }
        let mut keys: Vec<String> = a.iter().map(|c| serde_json::to_string(&c.values).unwrap()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 5);
        // A small finite space gives all it has.
        let values = vec![ParamSpec {
            name: "policy".into(),
            range: ParamRange::Values { values: vec!["a".into(), "b".into()] },
        }];
        let small = SearchSpace::new(P::default(), values);
        assert_eq!(small.candidates(&Strategy::Random { n: 10, seed: 2 }).unwrap().len(), 2);
    }

    #[test]
    fn misspelt_or_mistyped_parameters_are_errors() {
        let mut s = space();
        s.params[0].name = "dept".into();
        let err = s.candidates(&Strategy::Grid).unwrap_err().to_string();
        assert!(err.contains("unknown setting \"dept\"") && err.contains("depth"), "{err}");
        let mut s = space();
        s.params[1].name = "depth".into();
        assert!(s.candidates(&Strategy::Grid).is_err());
        let mut s = space();
        s.params[0].range = ParamRange::Float { low: 1.5, high: 2.5, log: false, steps: 2 };
        let err = s.candidates(&Strategy::Grid).unwrap_err().to_string();
        assert!(err.contains("search: depth = 1.5 is not valid"), "{err}");
        let too_big = SearchSpace::new(
            P::default(),
            vec![ParamSpec {
                name: "depth".into(),
                range: ParamRange::Int { low: 0, high: 100_000, step: 1 },
            }],
        );
        assert!(too_big.candidates(&Strategy::Grid).is_err());
    }
}

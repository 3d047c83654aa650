//! Single-incident predictions with an exported model (issue: results, what-if and export).

use crimelab::core::eval::ExportedModel;
use crimelab::core::experiment::{run, RunConfig};
use crimelab::core::features::FeatureConfig;
use crimelab::core::models::ModelKind;
use crimelab::core::whatif::{predict, Incident};

#[test]
fn an_exported_model_reloads_and_predicts_an_incident() {
    let ds = crate::support::sample();
    let config = RunConfig {
        features: FeatureConfig::default(),
        model: ModelKind::NaiveBayes.default_params(),
        seed: 7,
        tuning: None,
    };
    let output = run(ds, Some("sample.csv"), &config, &mut |_| true).unwrap();
    let json = output.export().to_json().unwrap();
    let exported = ExportedModel::from_json(&json).unwrap();
    let incident = Incident {
        date: "2021-06-01".into(),
        time: "02:15".into(),
        area: 8,
        premise_code: Some(101),
        premise: "STREET".into(),
        victim_age: Some(0),
        lat: Some(34.05),
        lon: Some(-118.44),
        ..Default::default()
    };
    let p = predict("nb", &exported, &incident).unwrap();
    assert_eq!(p.classes.len(), output.prepared.classes.len());
    let total: f32 = p.classes.iter().map(|c| c.1).sum();
    assert!((total - 1.0).abs() < 1e-4, "{total}");
    assert!(p.classes.windows(2).all(|w| w[0].1 >= w[1].1));
    // Same answer as the model in memory on the same features.
    let pipeline = &exported.pipeline;
    let x = pipeline.transform(&incident.dataset().unwrap(), &[0]).unwrap();
    use crimelab::core::models::Model;
    let direct = output.model.predict_proba(&x).unwrap();
    let top = direct.iter().cloned().fold(f32::MIN, f32::max);
    assert_eq!(p.classes[0].1, top);
}

/// The form's choices come from the data: the sample is West LA only, so West LA has every row
/// and a centroid inside its own polygon; premises, weapons and MO codes are ordered by how
/// often they occur, and what the data never shows is refused by name.
#[test]
fn the_choices_come_from_the_loaded_data() {
    use crimelab::core::geo::Divisions;
    use crimelab::core::whatif::options;
    use crimelab::core::ErrorKind;

    let ds = crate::support::sample();
    let o = options(ds);
    assert_eq!(o.rows, ds.rows() as u64);
    assert_eq!(o.divisions.len(), 21);
    let west = o.division(8).unwrap();
    assert_eq!((west.name.as_str(), west.rows), ("West LA", ds.rows() as u64));
    assert!(west.located > 12_000 && west.located <= west.rows, "{}", west.located);
    let (lat, lon) = (west.lat.unwrap(), west.lon.unwrap());
    let polygons = Divisions::bundled();
    assert!(polygons.get(8).unwrap().contains(lon, lat), "centroid {lat}, {lon}");
    assert_eq!(polygons.find(lon, lat), Some(8));
    // The other divisions have no incidents in the sample, hence no centroid.
    let central = o.division(1).unwrap();
    assert_eq!((central.name.as_str(), central.rows, central.lat), ("Central", 0, None));

    for list in [&o.premises, &o.weapons] {
        assert!(list.len() > 5);
        assert!(list.windows(2).all(|w| w[0].count >= w[1].count));
        assert!(list.iter().all(|c| c.code.is_some() && !c.label.is_empty()));
    }
    // The sample's most common premise, counted as the profile counts it.
    let profile = crimelab::core::eda::profile(ds, &Default::default()).unwrap();
    let premises = profile.columns.iter().find(|c| c.name == "Premis Desc").unwrap();
    assert_eq!(o.premises[0].label, premises.top[0].value);
    assert_eq!(o.premises[0].count, premises.top[0].count);
    assert_eq!(o.premise("single family dwelling").unwrap().unwrap().code, Some(501));
    assert_eq!(o.premise("501").unwrap().unwrap().label, "SINGLE FAMILY DWELLING");
    assert_eq!(o.premise(" ").unwrap(), None);
    assert_eq!(o.weapon("none").unwrap(), None);
    assert_eq!(o.weapon("HAND GUN").unwrap().unwrap().code, Some(102));
    match o.premise("MOON BASE").unwrap_err().into_kind() {
        ErrorKind::InvalidParam { owner, param, value, .. } => {
            assert_eq!(
                (owner.as_str(), param.as_str(), value.as_str()),
                ("what-if", "premise", "\"MOON BASE\"")
            )
        }
        other => panic!("{other:?}"),
    }

    assert!(o.mocodes.len() > 100);
    assert!(o.mocodes.windows(2).all(|w| w[0].count >= w[1].count));
    assert_eq!(o.mocode("0344").unwrap(), 344);
    assert_eq!(o.mocodes.iter().find(|m| m.code == 344).unwrap().text(), "0344");
    assert!(o.mocode("99999").is_err() && o.mocode("abc").is_err());
}

/// With six divisions loaded, each has its own rows and a centroid inside its own polygon; the
/// others have none.
#[test]
fn each_loaded_division_has_its_rows_and_a_centroid_inside_it() {
    use crate::support::fixtures::{self, DIVISION_ROWS};
    use crimelab::core::geo::Divisions;
    use crimelab::core::whatif::options;

    let o = options(fixtures::several_divisions());
    let polygons = Divisions::bundled();
    for (area, name, rows) in DIVISION_ROWS {
        let d = o.division(area).unwrap();
        assert_eq!((d.name.as_str(), d.rows), (name, rows as u64));
        let (lat, lon) = (d.lat.unwrap(), d.lon.unwrap());
        assert_eq!(polygons.find(lon, lat), Some(area), "{name}: centroid {lat}, {lon}");
    }
    let absent = o.division(2).unwrap();
    assert_eq!((absent.name.as_str(), absent.rows, absent.lat), ("Rampart", 0, None));
}

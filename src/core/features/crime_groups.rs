//! The crime-group mapping: every LAPD `Crm Cd` assigned to one [`CrimeGroup`].
//!
//! [`TABLE`] lists the ~140 crime codes of the export with the group each belongs to; it is
//! versioned by [`MAPPING_VERSION`], which travels with every summary and fitted pipeline so a
//! result always says which mapping produced its labels. Codes missing from the table fall into
//! [`CrimeGroup::Other`] and are reported with their counts. The table and the reasons behind
//! its less obvious choices are documented in `docs/crime-groups.md`.

use serde::{Deserialize, Serialize};

/// Version of [`TABLE`]; bump it whenever a code moves or is added.
pub const MAPPING_VERSION: u32 = 1;

/// A crime group a criminologist would recognise (UCR/NIBRS-style families).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrimeGroup {
    /// UCR Part I violent crime: homicide, rape (FBI 2013 definition), robbery, aggravated assault.
    Violent,
    /// Simple assault, battery and intimidation (criminal threats).
    SimpleAssault,
    /// Burglary of a structure.
    Burglary,
    /// Larceny-theft other than from vehicles (shoplifting, pickpocket, bikes…).
    Theft,
    /// Motor-vehicle theft (including DWOC and motorised scooters).
    VehicleTheft,
    /// Burglary from and theft from a motor vehicle.
    TheftFromVehicle,
    /// Vandalism, arson and other property damage.
    Vandalism,
    /// Fraud, forgery, identity theft, embezzlement.
    FraudIdentity,
    /// Sex offences other than rape.
    SexOffence,
    /// Everything else (court orders, trespass, kidnapping, weapons…), and unknown codes.
    Other,
}

impl CrimeGroup {
    /// All groups, in display order (class order of the crime-group target).
    pub const ALL: [CrimeGroup; 10] = [
        CrimeGroup::Violent,
        CrimeGroup::SimpleAssault,
        CrimeGroup::Burglary,
        CrimeGroup::Theft,
        CrimeGroup::VehicleTheft,
        CrimeGroup::TheftFromVehicle,
        CrimeGroup::Vandalism,
        CrimeGroup::FraudIdentity,
        CrimeGroup::SexOffence,
        CrimeGroup::Other,
    ];

    /// Human name, used as the class name.
    pub fn label(self) -> &'static str {
        match self {
            CrimeGroup::Violent => "Violent",
            CrimeGroup::SimpleAssault => "Simple assault",
            CrimeGroup::Burglary => "Burglary",
            CrimeGroup::Theft => "Theft",
            CrimeGroup::VehicleTheft => "Vehicle theft",
            CrimeGroup::TheftFromVehicle => "Theft from vehicle",
            CrimeGroup::Vandalism => "Vandalism",
            CrimeGroup::FraudIdentity => "Fraud/identity",
            CrimeGroup::SexOffence => "Sex offence",
            CrimeGroup::Other => "Other",
        }
    }

    /// Position in [`CrimeGroup::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

use CrimeGroup::{
    Burglary as B, FraudIdentity as F, Other as O, SexOffence as S, SimpleAssault as A, Theft as T,
    TheftFromVehicle as TV, Vandalism as D, VehicleTheft as VT, Violent as V,
};

/// Every known `Crm Cd` with its group and the export's description, sorted by code.
pub const TABLE: &[(u16, CrimeGroup, &str)] = &[
    (110, V, "CRIMINAL HOMICIDE"),
    (113, V, "MANSLAUGHTER, NEGLIGENT"),
    (121, V, "RAPE, FORCIBLE"),
    (122, V, "RAPE, ATTEMPTED"),
    (210, V, "ROBBERY"),
    (220, V, "ATTEMPTED ROBBERY"),
    (230, V, "ASSAULT WITH DEADLY WEAPON, AGGRAVATED ASSAULT"),
    (231, V, "ASSAULT WITH DEADLY WEAPON ON POLICE OFFICER"),
    (235, V, "CHILD ABUSE (PHYSICAL) - AGGRAVATED ASSAULT"),
    (236, V, "INTIMATE PARTNER - AGGRAVATED ASSAULT"),
    (237, O, "CHILD NEGLECT (SEE 300 W.I.C.)"),
    (250, V, "SHOTS FIRED AT MOVING VEHICLE, TRAIN OR AIRCRAFT"),
    (251, V, "SHOTS FIRED AT INHABITED DWELLING"),
    (310, B, "BURGLARY"),
    (320, B, "BURGLARY, ATTEMPTED"),
    (330, TV, "BURGLARY FROM VEHICLE"),
    (331, TV, "THEFT FROM MOTOR VEHICLE - GRAND ($950.01 AND OVER)"),
    (341, T, "THEFT-GRAND ($950.01 & OVER)EXCPT,GUNS,FOWL,LIVESTK,PROD"),
    (343, T, "SHOPLIFTING-GRAND THEFT ($950.01 & OVER)"),
    (345, T, "DISHONEST EMPLOYEE - GRAND THEFT"),
    (347, F, "GRAND THEFT / INSURANCE FRAUD"),
    (349, T, "GRAND THEFT / AUTO REPAIR"),
    (350, T, "THEFT, PERSON"),
    (351, T, "PURSE SNATCHING"),
    (352, T, "PICKPOCKET"),
    (353, T, "DRUNK ROLL"),
    (354, F, "THEFT OF IDENTITY"),
    (410, TV, "BURGLARY FROM VEHICLE, ATTEMPTED"),
    (420, TV, "THEFT FROM MOTOR VEHICLE - PETTY ($950 & UNDER)"),
    (421, TV, "THEFT FROM MOTOR VEHICLE - ATTEMPT"),
    (432, O, "BLOCKING DOOR INDUCTION CENTER"),
    (433, VT, "DRIVING WITHOUT OWNER CONSENT (DWOC)"),
    (434, O, "FALSE IMPRISONMENT"),
    (435, O, "LYNCHING"),
    (436, O, "LYNCHING - ATTEMPTED"),
    (437, O, "RESISTING ARREST"),
    (438, O, "RECKLESS DRIVING"),
    (439, O, "FALSE POLICE REPORT"),
    (440, T, "THEFT PLAIN - PETTY ($950 & UNDER)"),
    (441, T, "THEFT PLAIN - ATTEMPT"),
    (442, T, "SHOPLIFTING - PETTY THEFT ($950 & UNDER)"),
    (443, T, "SHOPLIFTING - ATTEMPT"),
    (444, T, "DISHONEST EMPLOYEE - PETTY THEFT"),
    (445, T, "DISHONEST EMPLOYEE ATTEMPTED THEFT"),
    (446, T, "PETTY THEFT - AUTO REPAIR"),
    (450, T, "THEFT FROM PERSON - ATTEMPT"),
    (451, T, "PURSE SNATCHING - ATTEMPT"),
    (452, T, "PICKPOCKET, ATTEMPT"),
    (453, T, "DRUNK ROLL - ATTEMPT"),
    (470, T, "TILL TAP - GRAND THEFT ($950.01 & OVER)"),
    (471, T, "TILL TAP - PETTY ($950 & UNDER)"),
    (472, T, "TILL TAP - ATTEMPT"),
    (473, T, "THEFT, COIN MACHINE - GRAND ($950.01 & OVER)"),
    (474, T, "THEFT, COIN MACHINE - PETTY ($950 & UNDER)"),
    (475, T, "THEFT, COIN MACHINE - ATTEMPT"),
    (480, T, "BIKE - STOLEN"),
    (485, T, "BIKE - ATTEMPTED STOLEN"),
    (487, T, "BOAT - STOLEN"),
    (491, T, "BOAT - ATTEMPTED STOLEN"),
    (510, VT, "VEHICLE - STOLEN"),
    (520, VT, "VEHICLE - ATTEMPT STOLEN"),
    (522, VT, "VEHICLE, STOLEN - OTHER (MOTORIZED SCOOTERS, BIKES, ETC)"),
    (622, A, "BATTERY ON A FIREFIGHTER"),
    (623, A, "BATTERY POLICE (SIMPLE)"),
    (624, A, "BATTERY - SIMPLE ASSAULT"),
    (625, A, "OTHER ASSAULT"),
    (626, A, "INTIMATE PARTNER - SIMPLE ASSAULT"),
    (627, A, "CHILD ABUSE (PHYSICAL) - SIMPLE ASSAULT"),
    (647, A, "THROWING OBJECT AT MOVING VEHICLE"),
    (648, D, "ARSON"),
    (649, F, "DOCUMENT FORGERY / STOLEN FELONY"),
    (651, F, "DOCUMENT WORTHLESS ($200.01 & OVER)"),
    (652, F, "DOCUMENT WORTHLESS ($200 & UNDER)"),
    (653, F, "CREDIT CARDS, FRAUD USE ($950.01 & OVER)"),
    (654, F, "CREDIT CARDS, FRAUD USE ($950 & UNDER)"),
    (660, F, "COUNTERFEIT"),
    (661, F, "UNAUTHORIZED COMPUTER ACCESS"),
    (662, F, "BUNCO, GRAND THEFT"),
    (664, F, "BUNCO, PETTY THEFT"),
    (666, F, "BUNCO, ATTEMPT"),
    (668, F, "EMBEZZLEMENT, GRAND THEFT ($950.01 & OVER)"),
    (670, F, "EMBEZZLEMENT, PETTY THEFT ($950 & UNDER)"),
    (740, D, "VANDALISM - FELONY ($400 & OVER, ALL CHURCH VANDALISMS)"),
    (745, D, "VANDALISM - MISDEAMEANOR ($399 OR UNDER)"),
    (753, O, "DISCHARGE FIREARMS/SHOTS FIRED"),
    (755, O, "BOMB SCARE"),
    (756, O, "WEAPONS POSSESSION/BOMBING"),
    (760, S, "LEWD/LASCIVIOUS ACTS WITH CHILD"),
    (761, V, "BRANDISH WEAPON"),
    (762, S, "LEWD CONDUCT"),
    (763, O, "STALKING"),
    (805, S, "PIMPING"),
    (806, S, "PANDERING"),
    (810, S, "SEX,UNLAWFUL(INC MUTUAL CONSENT, PENETRATION W/ FRGN OBJ"),
    (812, S, "CRM AGNST CHLD (13 OR UNDER) (14-15 & SUSP 10 YRS OLDER)"),
    (813, S, "CHILD ANNOYING (17YRS & UNDER)"),
    (814, S, "CHILD PORNOGRAPHY"),
    (815, V, "SEXUAL PENETRATION W/FOREIGN OBJECT"),
    (820, V, "ORAL COPULATION"),
    (821, V, "SODOMY/SEXUAL CONTACT B/W PENIS OF ONE PERS TO ANUS OTH"),
    (822, S, "HUMAN TRAFFICKING - COMMERCIAL SEX ACTS"),
    (830, S, "INCEST (SEXUAL ACTS BETWEEN BLOOD RELATIVES)"),
    (840, S, "BEASTIALITY, CRIME AGAINST NATURE SEXUAL ASSLT WITH ANIM"),
    (845, S, "SEX OFFENDER REGISTRANT OUT OF COMPLIANCE"),
    (850, S, "INDECENT EXPOSURE"),
    (860, S, "BATTERY WITH SEXUAL CONTACT"),
    (865, O, "DRUGS, TO A MINOR"),
    (870, O, "CHILD ABANDONMENT"),
    (880, O, "DISRUPT SCHOOL"),
    (882, O, "INCITING A RIOT"),
    (884, O, "FAILURE TO DISPERSE"),
    (886, O, "DISTURBING THE PEACE"),
    (888, O, "TRESPASSING"),
    (890, O, "FAILURE TO YIELD"),
    (900, O, "VIOLATION OF COURT ORDER"),
    (901, O, "VIOLATION OF RESTRAINING ORDER"),
    (902, O, "VIOLATION OF TEMPORARY RESTRAINING ORDER"),
    (903, O, "CONTEMPT OF COURT"),
    (904, O, "FIREARMS EMERGENCY PROTECTIVE ORDER (FIREARMS EPO)"),
    (906, O, "FIREARMS RESTRAINING ORDER (FIREARMS RO)"),
    (910, O, "KIDNAPPING"),
    (920, O, "KIDNAPPING - GRAND ATTEMPT"),
    (921, O, "HUMAN TRAFFICKING - INVOLUNTARY SERVITUDE"),
    (922, O, "CHILD STEALING"),
    (924, D, "TELEPHONE PROPERTY - DAMAGE"),
    (926, O, "TRAIN WRECKING"),
    (928, A, "THREATENING PHONE CALLS/LETTERS"),
    (930, A, "CRIMINAL THREATS - NO WEAPON DISPLAYED"),
    (931, O, "REPLICA FIREARMS(SALE,DISPLAY,MANUFACTURE OR DISTRIBUTE)"),
    (932, S, "PEEPING TOM"),
    (933, O, "PROWLER"),
    (940, O, "EXTORTION"),
    (942, O, "BRIBERY"),
    (943, O, "CRUELTY TO ANIMALS"),
    (944, O, "CONSPIRACY"),
    (946, O, "OTHER MISCELLANEOUS CRIME"),
    (948, O, "BIGAMY"),
    (949, O, "ILLEGAL DUMPING"),
    (950, F, "DEFRAUDING INNKEEPER/THEFT OF SERVICES, OVER $950.01"),
    (951, F, "DEFRAUDING INNKEEPER/THEFT OF SERVICES, $950 & UNDER"),
    (954, O, "CONTRIBUTING"),
    (956, S, "LETTERS, LEWD  -  TELEPHONE CALLS, LEWD"),
];

/// The group of a crime code, or `None` when the code is not in [`TABLE`].
pub fn lookup(code: i32) -> Option<CrimeGroup> {
    let code = u16::try_from(code).ok()?;
    TABLE.binary_search_by_key(&code, |&(c, _, _)| c).ok().map(|i| TABLE[i].1)
}

/// The group of a crime code; unknown codes are [`CrimeGroup::Other`].
pub fn group_of(code: i32) -> CrimeGroup {
    lookup(code).unwrap_or(CrimeGroup::Other)
}

/// A dense lookup from code `0..1000` to `Some(group index)`, for hot loops.
pub(crate) fn dense_table() -> Vec<Option<u8>> {
    let mut dense = vec![None; 1000];
    for &(code, group, _) in TABLE {
        dense[code as usize] = Some(group as u8);
    }
    dense
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_without_duplicates() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(TABLE.len() >= 140, "{}", TABLE.len());
    }

    #[test]
    fn known_and_unknown_codes() {
        assert_eq!(group_of(110), CrimeGroup::Violent);
        assert_eq!(group_of(510), CrimeGroup::VehicleTheft);
        assert_eq!(group_of(354), CrimeGroup::FraudIdentity);
        assert_eq!(lookup(999), None);
        assert_eq!(group_of(999), CrimeGroup::Other);
        assert_eq!(group_of(-3), CrimeGroup::Other);
        assert_eq!(dense_table()[330], Some(CrimeGroup::TheftFromVehicle as u8));
    }
}

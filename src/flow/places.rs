//! The places a person can be insured in: provinces (and the
//! province-level cities such as 北京) and their cities, shipped as data in
//! `flows/regions/places.ron`. Regional overlays and the profile's 参保地
//! name places by id; a city inherits its province's overlays.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Text;

/// The file name of the place list inside `flows/regions/`.
pub const PLACES_FILE: &str = "places.ron";

const SHIPPED: &str = include_str!("../../flows/regions/places.ron");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Province {
    pub id: String,
    pub name: Text,
    /// The reading where the automatic pinyin of `name.zh` is wrong
    /// (重庆 `"chong qing"`), syllables separated by spaces; further
    /// entries are other spellings search accepts. Empty: automatic.
    #[serde(default)]
    pub pinyin: Vec<String>,
    #[serde(default)]
    pub cities: Vec<City>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct City {
    pub id: String,
    pub name: Text,
    /// As [`Province::pinyin`].
    #[serde(default)]
    pub pinyin: Vec<String>,
}

/// One place, found by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    pub id: &'a str,
    pub name: &'a Text,
    /// The province, for a city; `None` for a province.
    pub province: Option<&'a Province>,
}

impl Place<'_> {
    /// "江苏 南京" / "Nanjing, Jiangsu": the name with its province.
    pub fn full_name(&self, lang: super::Lang) -> String {
        match (self.province, lang) {
            (None, _) => self.name.get(lang).to_string(),
            (Some(p), super::Lang::ZhCn) => format!("{} {}", p.name.zh, self.name.zh),
            (Some(p), super::Lang::En) => format!("{}, {}", self.name.en, p.name.en),
        }
    }
}

/// Every place, with an index by id.
#[derive(Debug, Default)]
pub struct Places {
    pub provinces: Vec<Province>,
    /// id → (province index, city index).
    index: HashMap<String, (usize, Option<usize>)>,
}

impl Places {
    /// The shipped list (parsed once; a test checks it parses and its ids
    /// are unique and valid).
    pub fn shipped() -> &'static Places {
        static PLACES: OnceLock<Places> = OnceLock::new();
        PLACES.get_or_init(|| Places::parse(SHIPPED).unwrap_or_default())
    }

    /// Parses a place list; the error is RON's, with line and column.
    pub fn parse(text: &str) -> Result<Places, ron::error::SpannedError> {
        let provinces: Vec<Province> = ron::from_str(text)?;
        let mut index = HashMap::new();
        for (p, province) in provinces.iter().enumerate() {
            index.entry(province.id.clone()).or_insert((p, None));
            for (c, city) in province.cities.iter().enumerate() {
                index.entry(city.id.clone()).or_insert((p, Some(c)));
            }
        }
        Ok(Places { provinces, index })
    }

    pub fn get(&self, id: &str) -> Option<Place<'_>> {
        let &(p, c) = self.index.get(id)?;
        let province = &self.provinces[p];
        Some(match c {
            None => Place {
                id: &province.id,
                name: &province.name,
                province: None,
            },
            Some(c) => Place {
                id: &province.cities[c].id,
                name: &province.cities[c].name,
                province: Some(province),
            },
        })
    }

    /// The ids whose overlays apply to `id`, broadest first: the province,
    /// then the city (just the province for a province). Empty for an
    /// unknown id.
    pub fn chain(&self, id: &str) -> Vec<&str> {
        match self.get(id) {
            None => Vec::new(),
            Some(Place {
                province: Some(p),
                id,
                ..
            }) => vec![p.id.as_str(), id],
            Some(place) => vec![place.id],
        }
    }

    /// Every place: each province, then its cities.
    pub fn all(&self) -> impl Iterator<Item = Place<'_>> {
        self.with_pinyin().map(|(place, _)| place)
    }

    /// [`Places::all`], each place with its `pinyin` override (usually
    /// empty).
    pub fn with_pinyin(&self) -> impl Iterator<Item = (Place<'_>, &[String])> {
        self.provinces.iter().flat_map(|p| {
            std::iter::once((
                Place {
                    id: &p.id,
                    name: &p.name,
                    province: None,
                },
                p.pinyin.as_slice(),
            ))
            .chain(p.cities.iter().map(move |c| {
                (
                    Place {
                        id: &c.id,
                        name: &c.name,
                        province: Some(p),
                    },
                    c.pinyin.as_slice(),
                )
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_places_parse_with_unique_valid_ids() {
        let places = Places::parse(SHIPPED).expect("places.ron parses");
        let mut seen = std::collections::HashSet::new();
        for p in places.all() {
            assert!(super::super::validate::valid_id(p.id), "{}", p.id);
            assert!(seen.insert(p.id), "duplicate place id {}", p.id);
            assert!(!p.name.zh.is_empty() && !p.name.en.is_empty(), "{}", p.id);
        }
        assert!(places.get("nanjing").is_some());
    }

    #[test]
    fn a_city_inherits_its_province() {
        let places = Places::shipped();
        assert_eq!(places.chain("nanjing"), ["jiangsu", "nanjing"]);
        assert_eq!(places.chain("jiangsu"), ["jiangsu"]);
        assert_eq!(places.chain("beijing"), ["beijing"]);
        assert!(places.chain("atlantis").is_empty());
    }
}

// NANP area code → IANA time zone, for when an account has no time zone of its own.
//
// Covers every geographic area code in service (or assigned with a start date) in the
// United States, its territories that dial +1 (PR, USVI, Guam, CNMI, American Samoa) and
// Canada, as of 2025. Deliberately absent, so they resolve to `unknown_time_zone` instead of
// a guess: non-geographic codes (toll-free 8xx, 500/52x/53x/54x/56x/57x/58x personal, 600
// and 622 Canadian services, 700, 710, 900), and the other NANP countries of the Caribbean
// (outside this product's US/Canada scope).
//
// An area code is a billing region, not a place: ported and mobile numbers move. That is why
// the account's own time zone always wins, and why an area code spanning two zones maps to
// the zone where most of its subscribers live. Each such code says so in a comment, with
// the minority zone, so a stricter policy (dial only when legal in every zone) can be built
// from this table later.
//
// Compiled from NANPA's area-code assignments and the time-zone boundaries of 49 CFR part 71
// and the provinces. Overlays opened since 2023 (e.g. 369, 738, 728, 943, 983, 861, 924,
// 729, 835, 942, 257) are the entries most worth re-checking against NANPA's current list;
// a code missing from this table is refused as unknown, never dialed on a guessed clock.
// Data only; no I/O.

const EASTERN = "America/New_York";
const DETROIT = "America/Detroit";
const INDIANA_EASTERN = "America/Indiana/Indianapolis";
const LOUISVILLE = "America/Kentucky/Louisville";
const CENTRAL = "America/Chicago";
const MOUNTAIN = "America/Denver";
const BOISE = "America/Boise";
const ARIZONA = "America/Phoenix";
const PACIFIC = "America/Los_Angeles";
const ALASKA = "America/Anchorage";
const HAWAII = "Pacific/Honolulu";
const PUERTO_RICO = "America/Puerto_Rico";
const VIRGIN_ISLANDS = "America/St_Thomas";
const GUAM = "Pacific/Guam";
const NORTHERN_MARIANAS = "Pacific/Saipan";
const AMERICAN_SAMOA = "Pacific/Pago_Pago";
const TORONTO = "America/Toronto";
const WINNIPEG = "America/Winnipeg";
const REGINA = "America/Regina";
const EDMONTON = "America/Edmonton";
const VANCOUVER = "America/Vancouver";
const HALIFAX = "America/Halifax";
const MONCTON = "America/Moncton";
const ST_JOHNS = "America/St_Johns";

/** One region's area codes and the zone they map to. */
export interface AreaCodeGroup {
  readonly region: string;
  readonly zone: string;
  readonly codes: readonly string[];
}

export const AREA_CODE_GROUPS: readonly AreaCodeGroup[] = [
  // ── United States ──────────────────────────────────────────────────────────────────────
  // Alabama is Central (Phenix City, in 334, keeps Eastern time unofficially).
  { region: "AL", zone: CENTRAL, codes: ["205", "251", "256", "334", "659", "938"] },
  // Alaska: majority Alaska time; the Aleutians west of 169°30′W (a few thousand people)
  // keep Hawaii-Aleutian time (America/Adak).
  { region: "AK", zone: ALASKA, codes: ["907"] },
  // Arizona keeps standard time all year; majority of 928 is America/Phoenix, but the
  // Navajo Nation in 928 observes DST (America/Denver).
  { region: "AZ", zone: ARIZONA, codes: ["480", "520", "602", "623", "928"] },
  { region: "AR", zone: CENTRAL, codes: ["327", "479", "501", "870"] },
  {
    region: "CA",
    zone: PACIFIC,
    codes: [
      "209", "213", "279", "310", "323", "341", "350", "369", "408", "415", "424", "442", "510", "530",
      "559", "562", "619", "626", "628", "650", "657", "661", "669", "707", "714", "738", "747", "760",
      "805", "818", "820", "831", "840", "858", "909", "916", "925", "949", "951",
    ],
  },
  { region: "CO", zone: MOUNTAIN, codes: ["303", "719", "720", "970", "983"] },
  { region: "CT", zone: EASTERN, codes: ["203", "475", "860", "959"] },
  { region: "DE", zone: EASTERN, codes: ["302"] },
  { region: "DC", zone: EASTERN, codes: ["202", "771"] },
  {
    region: "FL",
    zone: EASTERN,
    codes: [
      "239", "305", "321", "324", "352", "386", "407", "561", "645", "656", "689", "727", "728", "754",
      "772", "786", "813", "863", "904", "941", "954",
    ],
  },
  // Florida Panhandle: majority Central (Pensacola, Fort Walton Beach, Panama City); the
  // Tallahassee area east of the Apalachicola River is Eastern.
  { region: "FL panhandle", zone: CENTRAL, codes: ["448", "850"] },
  { region: "GA", zone: EASTERN, codes: ["229", "404", "470", "478", "678", "706", "762", "770", "912", "943"] },
  { region: "HI", zone: HAWAII, codes: ["808"] },
  // Idaho: majority Mountain (Boise, Idaho Falls, Pocatello, Twin Falls); the northern
  // panhandle (Coeur d'Alene, Lewiston) is Pacific.
  { region: "ID", zone: BOISE, codes: ["208", "986"] },
  {
    region: "IL",
    zone: CENTRAL,
    codes: [
      "217", "224", "309", "312", "331", "447", "464", "618", "630", "708", "730", "773", "779", "815",
      "847", "861", "872",
    ],
  },
  // Indiana: 219 (Gary, Hammond, Valparaiso, Michigan City) is in the Central-time counties
  // near Chicago. 812/930 majority Eastern (Bloomington, Columbus, Terre Haute, New Albany);
  // the Evansville corner is Central. 574 majority Eastern; Starke County is Central.
  { region: "IN northwest", zone: CENTRAL, codes: ["219"] },
  { region: "IN", zone: INDIANA_EASTERN, codes: ["260", "317", "463", "574", "765", "812", "930"] },
  { region: "IA", zone: CENTRAL, codes: ["319", "515", "563", "641", "712"] },
  // Kansas: 620 and 785 majority Central; four western counties are Mountain.
  { region: "KS", zone: CENTRAL, codes: ["316", "620", "785", "913"] },
  // Kentucky: 270/364 majority Central (Bowling Green, Owensboro, Paducah); the
  // Elizabethtown area is Eastern. 606 majority Eastern; a few south-central counties are Central.
  { region: "KY west", zone: CENTRAL, codes: ["270", "364"] },
  { region: "KY Louisville", zone: LOUISVILLE, codes: ["502"] },
  { region: "KY", zone: EASTERN, codes: ["606", "859"] },
  { region: "LA", zone: CENTRAL, codes: ["225", "318", "337", "504", "985"] },
  { region: "ME", zone: EASTERN, codes: ["207"] },
  { region: "MD", zone: EASTERN, codes: ["227", "240", "301", "410", "443", "667"] },
  { region: "MA", zone: EASTERN, codes: ["339", "351", "413", "508", "617", "774", "781", "857", "978"] },
  // Michigan: 906 (Upper Peninsula) majority Eastern; the four counties on the Wisconsin
  // border are Central.
  {
    region: "MI",
    zone: DETROIT,
    codes: ["231", "248", "269", "313", "517", "586", "616", "679", "734", "810", "906", "947", "989"],
  },
  { region: "MN", zone: CENTRAL, codes: ["218", "320", "507", "612", "651", "763", "924", "952"] },
  { region: "MS", zone: CENTRAL, codes: ["228", "601", "662", "769"] },
  { region: "MO", zone: CENTRAL, codes: ["235", "314", "417", "557", "573", "636", "660", "816", "975"] },
  { region: "MT", zone: MOUNTAIN, codes: ["406"] },
  // Nebraska: 308 majority Central (Grand Island, Kearney, North Platte); the panhandle
  // (Scottsbluff) is Mountain.
  { region: "NE", zone: CENTRAL, codes: ["308", "402", "531"] },
  // Nevada: 775 majority Pacific (Reno, Carson City); West Wendover is Mountain.
  { region: "NV", zone: PACIFIC, codes: ["702", "725", "775"] },
  { region: "NH", zone: EASTERN, codes: ["603"] },
  { region: "NJ", zone: EASTERN, codes: ["201", "551", "609", "640", "732", "848", "856", "862", "908", "973"] },
  { region: "NM", zone: MOUNTAIN, codes: ["505", "575"] },
  {
    region: "NY",
    zone: EASTERN,
    codes: [
      "212", "315", "329", "332", "347", "363", "516", "518", "585", "607", "624", "631", "646", "680",
      "716", "718", "838", "845", "914", "917", "929", "934",
    ],
  },
  { region: "NC", zone: EASTERN, codes: ["252", "336", "472", "704", "743", "828", "910", "919", "980", "984"] },
  // North Dakota: majority Central (Fargo, Bismarck, Grand Forks); the south-west is Mountain.
  { region: "ND", zone: CENTRAL, codes: ["701"] },
  {
    region: "OH",
    zone: EASTERN,
    codes: ["216", "220", "234", "283", "326", "330", "380", "419", "436", "440", "513", "567", "614", "740", "937"],
  },
  { region: "OK", zone: CENTRAL, codes: ["405", "539", "572", "580", "918"] },
  // Oregon: 458/541 majority Pacific; Malheur County (Ontario) is Mountain.
  { region: "OR", zone: PACIFIC, codes: ["458", "503", "541", "971"] },
  {
    region: "PA",
    zone: EASTERN,
    codes: ["215", "223", "267", "272", "412", "445", "484", "570", "582", "610", "717", "724", "814", "835", "878"],
  },
  { region: "RI", zone: EASTERN, codes: ["401"] },
  { region: "SC", zone: EASTERN, codes: ["803", "821", "839", "843", "854", "864"] },
  // South Dakota: majority Central (Sioux Falls, Aberdeen, Brookings); west of the Missouri
  // (Rapid City) is Mountain.
  { region: "SD", zone: CENTRAL, codes: ["605"] },
  // Tennessee: 423/729 majority Eastern (Chattanooga, Tri-Cities, Cleveland), a few counties
  // Central; 931 majority Central (Clarksville, Columbia, Cookeville), a few counties Eastern.
  { region: "TN east", zone: EASTERN, codes: ["423", "729", "865"] },
  { region: "TN", zone: CENTRAL, codes: ["615", "629", "731", "901", "931"] },
  // Texas: all Central except El Paso (915) and the two far-western counties in 432, where
  // 432 stays majority Central (Midland, Odessa).
  {
    region: "TX",
    zone: CENTRAL,
    codes: [
      "210", "214", "254", "281", "325", "346", "361", "409", "430", "432", "469", "512", "682", "713",
      "726", "737", "806", "817", "830", "832", "903", "936", "940", "945", "956", "972", "979",
    ],
  },
  { region: "TX El Paso", zone: MOUNTAIN, codes: ["915"] },
  { region: "UT", zone: MOUNTAIN, codes: ["385", "435", "801"] },
  { region: "VT", zone: EASTERN, codes: ["802"] },
  {
    region: "VA",
    zone: EASTERN,
    codes: ["276", "434", "540", "571", "686", "703", "757", "804", "826", "948"],
  },
  { region: "WA", zone: PACIFIC, codes: ["206", "253", "360", "425", "509", "564"] },
  { region: "WV", zone: EASTERN, codes: ["304", "681"] },
  { region: "WI", zone: CENTRAL, codes: ["262", "274", "353", "414", "534", "608", "715", "920"] },
  { region: "WY", zone: MOUNTAIN, codes: ["307"] },
  { region: "PR", zone: PUERTO_RICO, codes: ["787", "939"] },
  { region: "VI", zone: VIRGIN_ISLANDS, codes: ["340"] },
  { region: "GU", zone: GUAM, codes: ["671"] },
  { region: "MP", zone: NORTHERN_MARIANAS, codes: ["670"] },
  { region: "AS", zone: AMERICAN_SAMOA, codes: ["684"] },

  // ── Canada ─────────────────────────────────────────────────────────────────────────────
  { region: "AB", zone: EDMONTON, codes: ["368", "403", "587", "780", "825"] },
  // British Columbia: majority Pacific; the East Kootenays and the Peace River country
  // (Dawson Creek, Fort St. John) keep Mountain time.
  { region: "BC", zone: VANCOUVER, codes: ["236", "250", "257", "604", "672", "778"] },
  { region: "MB", zone: WINNIPEG, codes: ["204", "431", "584"] },
  { region: "NB", zone: MONCTON, codes: ["428", "506"] },
  // Newfoundland and Labrador: majority Newfoundland time; most of Labrador is Atlantic.
  { region: "NL", zone: ST_JOHNS, codes: ["709", "879"] },
  { region: "NS/PE", zone: HALIFAX, codes: ["782", "902"] },
  // Ontario: 807 majority Eastern (Thunder Bay); Kenora and Dryden in the north-west are Central.
  {
    region: "ON",
    zone: TORONTO,
    codes: [
      "226", "249", "289", "343", "365", "382", "416", "437", "519", "548", "613", "647", "683", "705",
      "742", "753", "807", "905", "942",
    ],
  },
  // Quebec: 418/367/581 majority Eastern; the Magdalen Islands and Blanc-Sablon are Atlantic.
  {
    region: "QC",
    zone: TORONTO,
    codes: ["263", "354", "367", "418", "438", "450", "468", "514", "579", "581", "819", "873"],
  },
  // Saskatchewan keeps Central standard time all year; Lloydminster follows Alberta.
  { region: "SK", zone: REGINA, codes: ["306", "474", "639"] },
  // Yukon, Northwest Territories and Nunavut share 867. Plurality Mountain with DST
  // (NWT and western Nunavut); Yukon is on permanent UTC−7 (America/Whitehorse, the same
  // clock in winter), central and eastern Nunavut are Central and Eastern.
  { region: "YT/NT/NU", zone: EDMONTON, codes: ["867"] },
];

const ZONE_BY_AREA_CODE: ReadonlyMap<string, string> = new Map(
  AREA_CODE_GROUPS.flatMap((group) => group.codes.map((code) => [code, group.zone] as const)),
);

/** The area code of a +1 number ("+12125550123" → "212"), or null for other numbers. */
export function nanpAreaCode(phone: string): string | null {
  const match = /^\+1([2-9]\d{2})[2-9]\d{6}$/.exec(phone);
  return match ? match[1]! : null;
}

/** The majority time zone of a +1 number's area code, or null when unknown. */
export function timeZoneForPhone(phone: string): string | null {
  const areaCode = nanpAreaCode(phone);
  return areaCode === null ? null : (ZONE_BY_AREA_CODE.get(areaCode) ?? null);
}

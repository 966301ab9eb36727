// The US states whose wiretap laws require every party's consent to record a telephone
// call, and the area codes that place a number in each. Data, not rules: change it
// here (with its source) when a law or the numbering plan changes.
//
// Sources (statutes as in force in 2026; reporters' committee summaries agree):
//   CA  Cal. Penal Code §§ 632, 632.7            CT  Conn. Gen. Stat. § 52-570d
//   DE  Del. Code tit. 11 § 1335(a)(4)           FL  Fla. Stat. § 934.03(2)(d)
//   IL  720 ILCS 5/14-2 (as amended 2014)        MD  Md. Code, Cts. & Jud. Proc. § 10-402(c)(3)
//   MA  Mass. Gen. Laws ch. 272 § 99             MI  Mich. Comp. Laws § 750.539c (read as all-party for non-participants; recorded conservatively)
//   MT  Mont. Code Ann. § 45-8-213(1)(c)         NV  Nev. Rev. Stat. § 200.620 (Lane v. Allstate, 1998: all parties for calls)
//   NH  N.H. Rev. Stat. § 570-A:2                PA  18 Pa. Cons. Stat. § 5704(4)
//   WA  Rev. Code Wash. § 9.73.030(1)(a)
// Oregon (ORS 165.540) requires all parties only for in-person conversations, so it is
// not listed. Area codes: the North American Numbering Plan Administrator's assignments
// (nationalnanpa.com, "NPA Database"), overlays included, as of 2026.
export const ALL_PARTY_CONSENT_STATES: Readonly<Record<string, { name: string; statute: string; areaCodes: readonly string[] }>> = {
  CA: {
    name: "California",
    statute: "Cal. Penal Code §§ 632, 632.7",
    areaCodes: ["209", "213", "279", "310", "323", "341", "350", "369", "408", "415", "424", "442", "510", "530", "559", "562", "619", "626", "628", "650", "657", "661", "669", "707", "714", "747", "760", "805", "818", "820", "831", "840", "858", "909", "916", "925", "949", "951"],
  },
  CT: { name: "Connecticut", statute: "Conn. Gen. Stat. § 52-570d", areaCodes: ["203", "475", "860", "959"] },
  DE: { name: "Delaware", statute: "Del. Code tit. 11 § 1335(a)(4)", areaCodes: ["302"] },
  FL: {
    name: "Florida",
    statute: "Fla. Stat. § 934.03(2)(d)",
    areaCodes: ["239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "689", "727", "728", "754", "772", "786", "813", "850", "863", "904", "941", "954"],
  },
  IL: { name: "Illinois", statute: "720 ILCS 5/14-2", areaCodes: ["217", "224", "309", "312", "331", "447", "464", "618", "630", "708", "730", "773", "779", "815", "847", "861", "872"] },
  MD: { name: "Maryland", statute: "Md. Code, Cts. & Jud. Proc. § 10-402(c)(3)", areaCodes: ["227", "240", "301", "410", "443", "667"] },
  MA: { name: "Massachusetts", statute: "Mass. Gen. Laws ch. 272 § 99", areaCodes: ["339", "351", "413", "508", "617", "774", "781", "857", "978"] },
  MI: { name: "Michigan", statute: "Mich. Comp. Laws § 750.539c", areaCodes: ["231", "248", "269", "313", "517", "586", "616", "679", "734", "810", "906", "947", "989"] },
  MT: { name: "Montana", statute: "Mont. Code Ann. § 45-8-213(1)(c)", areaCodes: ["406"] },
  NV: { name: "Nevada", statute: "Nev. Rev. Stat. § 200.620", areaCodes: ["702", "725", "775"] },
  NH: { name: "New Hampshire", statute: "N.H. Rev. Stat. § 570-A:2", areaCodes: ["603"] },
  PA: { name: "Pennsylvania", statute: "18 Pa. Cons. Stat. § 5704(4)", areaCodes: ["215", "223", "267", "272", "412", "445", "484", "570", "582", "610", "717", "724", "814", "835", "878"] },
  WA: { name: "Washington", statute: "Rev. Code Wash. § 9.73.030(1)(a)", areaCodes: ["206", "253", "360", "425", "509", "564"] },
};

// Word valences (VADER's −4..+4 scale) for the languages VADER's English lexicon does not
// cover: the words a collections customer uses when upset or pleased. Small on purpose:
// sentiment in these languages leans on them and on the objections said; a configured
// model does better (PRODUCT.md §6). `*` ends a word that takes any ending.
import type { CallLanguage } from "../../../../domain/languages";

export type ValenceLexicon = Readonly<Record<string, number>>;

export const VALENCE_LEXICONS: Record<Exclude<CallLanguage, "en">, ValenceLexicon> = {
  es: {
    "molest*": -2, "terrible*": -2.5, "horrible*": -2.5, "enojad*": -2.2, "enfadad*": -2.2, "harto": -2, "harta": -2, "abuso": -2.5, "basta": -1.5,
    "ridícul*": -2, "mal": -1.5, "peor": -2.2, "odio": -3, "vergüenza": -2, "furios*": -3, "robo": -2.5, "mentira*": -2,
    "gracias": 1.8, "perfecto": 2, "bien": 1.2, "claro": 0.6, "excelente": 2.8, "ayuda": 1.2, "amable": 1.8, "de acuerdo": 1, "genial": 2.5,
  },
  fr: {
    "fâché*": -2.2, "énervé*": -2.2, "nul": -2, "nulle": -2, "horrible*": -2.5, "terrible*": -2.5, "abusi*": -2.5, "scandale*": -2.5, "marre": -2,
    "ridicule*": -2, "pire": -2.2, "déteste": -3, "honte": -2, "furieu*": -3, "faux": -1.5, "arnaque*": -2.5, "insupportable*": -2.5,
    "merci": 1.8, "parfait": 2, "gentil*": 1.8, "d'accord": 1, "très bien": 1.8, "excellent*": 2.8, "super": 2.2,
  },
  de: {
    "ärgerlich*": -2, "wütend*": -3, "sauer": -2, "frechheit": -2.5, "unverschämt*": -2.5, "schrecklich*": -2.5, "schlimm*": -2, "katastrophe": -2.5,
    "lächerlich*": -2, "schlechter": -2, "schlecht*": -1.8, "hasse": -3, "betrug": -2.5, "genug": -1, "reicht": -1,
    "danke": 1.8, "gut": 1.5, "einverstanden": 1.5, "super": 2.2, "prima": 2, "hilft": 1.2, "freundlich*": 1.8, "perfekt": 2,
  },
  pt: {
    "chatead*": -2, "irritad*": -2.2, "horrível": -2.5, "terrível": -2.5, "absurdo": -2.5, "abusiv*": -2.5, "raiva": -2.5, "ridícul*": -2,
    "pior": -2.2, "odeio": -3, "vergonha": -2, "furios*": -3, "chega": -1.5, "mentira*": -2, "errad*": -1.5,
    "obrigad*": 1.8, "perfeito": 2, "tudo bem": 1.2, "ótimo": 2.5, "ajuda": 1.2, "gentil": 1.8, "excelente": 2.8,
  },
  it: {
    "arrabbiat*": -2.5, "terribil*": -2.5, "orribil*": -2.5, "vergogn*": -2.2, "assurd*": -2.2, "ridicol*": -2, "peggio": -2.2, "odio": -3,
    "furios*": -3, "basta": -1.5, "stufo": -2, "stufa": -2, "truffa": -2.5, "sbagliat*": -1.5, "schifo": -3,
    "grazie": 1.8, "perfetto": 2, "va bene": 1.2, "utile": 1.5, "gentile": 1.8, "ottimo": 2.5, "eccellente": 2.8,
  },
  zh: {
    "生气": -2.5, "糟糕": -2.5, "愤怒": -3, "烦": -2, "讨厌": -2.5, "太过分": -2.5, "骗子": -2.5, "恶心": -2.5, "受够": -2.2, "失望": -2,
    "谢谢": 1.8, "感谢": 1.8, "好的": 1, "帮助": 1.2, "没问题": 1.5, "太好了": 2.5,
  },
  ja: {
    "腹が立": -2.5, "最悪": -3, "怒": -2.5, "ひどい": -2.5, "うんざり": -2.2, "迷惑": -2, "ふざけ": -2.5, "困ります": -1.5, "嫌": -2, "がっかり": -2,
    "ありがとう": 1.8, "助かります": 1.8, "わかりました": 0.8, "大丈夫": 1, "よろしく": 1, "結構です": 0.5,
  },
  ko: {
    "화가 나": -2.5, "화나": -2.5, "최악": -3, "짜증": -2.5, "어이없": -2, "실망": -2, "지겨": -2, "괴롭": -2.5, "나빠": -2, "답답": -1.8,
    "감사": 1.8, "고마": 1.8, "좋아요": 1.5, "알겠습니다": 0.8, "도움": 1.2, "괜찮": 1,
  },
  ar: {
    "غاضب": -2.5, "سيء": -2.5, "سيئ": -2.5, "مزعج": -2, "فظيع": -2.5, "كفى": -1.8, "أكره": -3, "مستاء": -2.2, "سخيف": -2, "احتيال": -2.5,
    "شكرا": 1.8, "حسنا": 0.8, "ممتاز": 2.5, "يساعدني": 1.2, "جيد": 1.5, "تمام": 1.2,
  },
};

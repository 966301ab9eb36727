// Streamed replies are spoken sentence by sentence: the first complete sentence as soon
// as it is complete, never a sentence cut at a decimal point, an abbreviation or an ellipsis.
import { describe, expect, it } from "vitest";
import { flushSentences, takeSentences, takeSpeakable } from "../../../../../../objects/call/features/ai-agent/sentences";

/** Feeds text in small pieces, as a stream would, collecting sentences as they complete. */
function streamed(text: string, pieceChars = 3): { sentences: string[]; completedAfterChars: number[] } {
  let buffer = "";
  const sentences: string[] = [];
  const completedAfterChars: number[] = [];
  for (let i = 0; i < text.length; i += pieceChars) {
    buffer += text.slice(i, i + pieceChars);
    const cut = takeSentences(buffer);
    buffer = cut.rest;
    for (const sentence of cut.sentences) {
      sentences.push(sentence);
      completedAfterChars.push(Math.min(text.length, i + pieceChars));
    }
  }
  return { sentences: [...sentences, ...flushSentences(buffer)], completedAfterChars };
}

describe("sentence splitting for streamed speech", () => {
  it("hands over the first sentence as soon as the next one starts, before the reply ends", () => {
    const text = "Thanks for holding. Your balance is due Friday. Shall I text you a link?";
    const { sentences, completedAfterChars } = streamed(text);
    expect(sentences).toEqual(["Thanks for holding.", "Your balance is due Friday.", "Shall I text you a link?"]);
    expect(completedAfterChars[0]).toBeLessThanOrEqual("Thanks for holding. Y".length + 2);
  });

  it("keeps decimals whole, even when the stream splits them at the point", () => {
    expect(streamed("Your balance is $150.50. You can pay $20.75 today.", 1).sentences).toEqual(["Your balance is $150.50.", "You can pay $20.75 today."]);
    expect(takeSentences("The balance is $150.").sentences).toEqual([]);
  });

  it("does not end a sentence at an abbreviation or an initial", () => {
    expect(flushSentences("Dr. Smith at St. Mary's called at 9 a.m. on Monday. Mr. J. Doe too.")).toEqual(["Dr. Smith at St. Mary's called at 9 a.m. on Monday.", "Mr. J. Doe too."]);
    expect(flushSentences("Your reference is No. 5512. Keep it.")).toEqual(["Your reference is No. 5512.", "Keep it."]);
  });

  it("reads an ellipsis before a lower-case word as a pause, before a capital as an end", () => {
    expect(flushSentences("Well... let me check. Hmm… One moment.")).toEqual(["Well... let me check.", "Hmm…", "One moment."]);
  });

  it("ends at ! and ? and keeps closing quotes with their sentence", () => {
    expect(flushSentences('Great! You said "yes." Is that right? Okay')).toEqual(["Great!", 'You said "yes."', "Is that right?", "Okay"]);
  });

  it("flushes an unfinished last sentence and ignores blank input", () => {
    expect(flushSentences("One moment")).toEqual(["One moment"]);
    expect(flushSentences("   ")).toEqual([]);
  });
});

describe("the first words of a streamed reply", () => {
  it("cuts a long first sentence at a clause once it has enough words, and only the first", () => {
    expect(takeSpeakable("I can text you a secure link now, or call", true)).toEqual({ sentences: ["I can text you a secure link now,"], rest: "or call" });
    expect(takeSpeakable("I can text you a secure link now, or call", false)).toEqual({ sentences: [], rest: "I can text you a secure link now, or call" });
  });

  it("never cuts a short opener, a number's comma, or a clause mark still at the end of what has come", () => {
    expect(takeSpeakable("Sure, I can", true).sentences).toEqual([]);
    expect(takeSpeakable("Your balance today is $1,500 and", true).sentences).toEqual([]);
    expect(takeSpeakable("Your balance today is $1,", true).sentences).toEqual([]);
    expect(takeSpeakable("I have looked at your account,", true).sentences).toEqual([]);
  });

  it("prefers whole sentences, and cuts at a semicolon, a colon or a spaced dash too", () => {
    expect(takeSpeakable("Thanks. I can help you with that, of", true).sentences).toEqual(["Thanks."]);
    expect(takeSpeakable("Here is what we can do today; first", true).sentences).toEqual(["Here is what we can do today;"]);
    expect(takeSpeakable("There are two things you can do: pay", true).sentences).toEqual(["There are two things you can do:"]);
    expect(takeSpeakable("That is a fair question to ask — and", true).sentences).toEqual(["That is a fair question to ask —"]);
  });
});

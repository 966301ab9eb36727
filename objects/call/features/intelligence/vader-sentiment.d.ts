// vader-sentiment 1.1.3 ships no types: the one function we call, as its source has it.
// It is CommonJS, so its exports arrive as the default import.
declare module "vader-sentiment" {
  const vader: {
    SentimentIntensityAnalyzer: {
      polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
    };
  };
  export default vader;
}

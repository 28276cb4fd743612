/** ml-cart (mljs' CART trees) ships no types: the regression tree the learned filter boosts. */
declare module 'ml-cart' {
  export interface DecisionTreeRegressionOptions {
    readonly gainFunction?: 'regression';
    readonly splitFunction?: 'mean';
    /** A node with this many samples or fewer becomes a leaf. */
    readonly minNumSamples?: number;
    readonly maxDepth?: number;
  }
  export interface DecisionTreeRegressionJson {
    readonly options: DecisionTreeRegressionOptions;
    readonly root: unknown;
    readonly name: 'DTRegression';
  }
  export class DecisionTreeRegression {
    constructor(options?: DecisionTreeRegressionOptions);
    train(trainingSet: number[][], trainingValues: number[]): void;
    predict(toPredict: number[][]): number[];
    toJSON(): DecisionTreeRegressionJson;
    static load(model: DecisionTreeRegressionJson): DecisionTreeRegression;
  }
}

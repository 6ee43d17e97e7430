/**
 * Labels of the classes in evaluation views (confusion matrix): the dataset's class names when it
 * has one per class, else the class index. Names of a different count belong to another dataset
 * (the evaluation was of a model built before the dataset changed), so they are not used.
 */
export function classLabels(names: readonly string[] | null | undefined, classes: number): string[] {
  const usable = !!names && names.length === classes;
  return Array.from({ length: classes }, (_, i) => (usable && names[i] !== '' ? names[i] : String(i)));
}

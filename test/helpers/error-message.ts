/** The message `f` throws; fails the test when it does not throw. */
export function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/** The error `f` throws (to check its class and fields); fails the test when it does not throw. */
export function thrownBy(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

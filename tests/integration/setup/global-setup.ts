// Replaced once the integration services exist; kept minimal so stand-in tests can run on their own.
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}

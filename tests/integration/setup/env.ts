// Filled in with the integration services' endpoints.
export {};

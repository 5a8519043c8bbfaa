import '@testing-library/jest-dom';

// jsdom has no layout, so no ResizeObserver; Fluent's MessageBar only uses it to choose a layout.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

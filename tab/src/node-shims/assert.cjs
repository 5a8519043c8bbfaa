// Node's `assert(condition)`, as the expression parser (antlr4ts) uses it to check its own state. CommonJS:
// its users call what require() returns.
module.exports = function assert(condition, message) {
  if (!condition) throw new Error(message || 'assertion failed');
};

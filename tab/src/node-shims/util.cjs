// Node's `util`, as far as the expression engine and its parser use it: a custom inspect key, text codecs.
module.exports = { inspect: { custom: Symbol.for('nodejs.util.inspect.custom') }, TextEncoder: globalThis.TextEncoder, TextDecoder: globalThis.TextDecoder };

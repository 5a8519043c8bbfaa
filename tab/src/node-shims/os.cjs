// Node's `os`, for the expression engine's eol().
module.exports = { EOL: '\n' };

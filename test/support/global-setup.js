// Says once, up front, which stores the suite runs against; in CI a missing PostgreSQL is a failure.
const { Client } = require('pg');

module.exports = async function globalSetup() {
  process.env.TZ = 'UTC'; // dates in assertions do not depend on the machine's time zone
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    if (process.env.CI === 'true') {
      throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half of the suite may not be skipped in CI');
    }
    console.warn('\n[notice] TEST_DATABASE_URL is not set: store tests run on PGlite only; the PostgreSQL half is SKIPPED.\n');
    return;
  }
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL is set but PostgreSQL cannot be reached: ${error.message}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
};

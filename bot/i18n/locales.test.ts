import { englishTexts as en } from './bot-i18n';
import de from './de.json';
import fr from './fr.json';
import ja from './ja.json';
import sv from './sv.json';

/** Every key path of a translation file, plural suffixes folded (languages differ in plural forms). */
function keys(resource: object, prefix = ''): string[] {
  return Object.entries(resource).flatMap(([key, value]) =>
    typeof value === 'object' ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}

describe('the bot’s card texts', () => {
  it.each([['ja', ja], ['fr', fr], ['de', de], ['sv', sv]])('%s has every text English has, and no others', (_language, resource) => {
    expect([...new Set(keys(resource))].sort()).toEqual([...new Set(keys(en))].sort());
  });
});

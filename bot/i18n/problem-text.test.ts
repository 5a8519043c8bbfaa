import { CrmError } from '../../src/crm/connector';
import { DomainError } from '../../src/domain/errors';
import { explainError } from '../../src/http/problem-details';
import { botT, problemText } from './bot-i18n';

describe('the bot says a problem as the API does, in the chat user’s language', () => {
  const lostRace = Object.assign(new Error('could not serialize access'), { code: '40001' });
  const crm = new CrmError('throttled', 'Salesforce REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.', 7_000);

  it('in English, word for word the API’s problem detail', () => {
    for (const error of [lostRace, crm, new DomainError('conflict', 'that e-mail address belongs to another contact')]) {
      expect(problemText(error, botT('en-US'))).toBe(explainError(error)!.problem.detail);
    }
  });

  it('translated for a Japanese, French, German or Swedish chat, keeping what the CRM said', () => {
    expect(problemText(lostRace, botT('ja-JP'))).toBe('同じデータへの他の変更と重なりました。再読み込みしてからもう一度お試しください');
    expect(problemText(crm, botT('de-DE'))).toBe('das CRM antwortete: Salesforce REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.');
    expect(problemText(crm, botT('fr-FR'))).toMatch(/^le CRM a répondu : Salesforce/);
  });

  it('leaves an unexpected error unworded, for the caller to log', () => {
    expect(problemText(new Error('boom'), botT('sv-SE'))).toBeUndefined();
  });
});

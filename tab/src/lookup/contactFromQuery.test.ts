import { contactFromQuery } from './contactFromQuery';

describe('contactFromQuery', () => {
  it.each([
    ['+1 803-555-0142', { phone: '+1 803-555-0142' }],
    [' (803) 555.0142 ', { phone: '(803) 555.0142' }],
    ['070-123 45 67', { phone: '070-123 45 67' }],
    ['Lucy@Example.com', { email: 'Lucy@Example.com' }],
    ['Lucy Steele', { name: 'Lucy Steele' }],
    ['4471', { name: '4471' }], // too short for a number: an account number, a name part
    ['Flat 2, 10 Downing St', { name: 'Flat 2, 10 Downing St' }],
  ])('reads %j as %j', (query, contact) => {
    expect(contactFromQuery(query)).toEqual(contact);
  });
});

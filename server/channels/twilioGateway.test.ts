import twilio from 'twilio';
import { isTwilioSignatureValid, twilioSignature } from './twilioGateway';

// The example in Twilio's documentation of webhook security ("Validating Signatures from Twilio").
const DOC_TOKEN = '12345';
const DOC_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DOC_PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
const DOC_SIGNATURE = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe('Twilio request signatures', () => {
  it('When the documented example is signed, Then the signature is the documented one', () => {
    expect(twilioSignature(DOC_TOKEN, DOC_URL, new URLSearchParams(DOC_PARAMS))).toBe(DOC_SIGNATURE);
    expect(isTwilioSignatureValid(DOC_TOKEN, DOC_SIGNATURE, [DOC_URL], new URLSearchParams(DOC_PARAMS))).toBe(true);
  });

  it('When inbound SMS and WhatsApp webhooks are signed, Then Twilio’s own validateRequest agrees with ours, both ways', () => {
    const token = 'f3a9c0d1e2b34a5b8c7d6e5f4a3b2c1d';
    const url = 'https://puente.example.org:8443/api/channels/cesar-twilio/inbound';
    // An inbound webhook's body as Twilio posts it, from its account, message and the two numbers.
    const inbound = (account: string, message: string, from: string, to: string) => ({
      AccountSid: 'AC' + account.repeat(32),
      MessageSid: message.slice(0, 2) + message.slice(2).repeat(32),
      From: from,
      To: to,
    });
    const bodies: Record<string, string>[] = [
      { ...inbound('a', 'SM1', '+573001234567', '+573209876543'), Body: 'Hola, ¿quién responde? Ñandú & 100% "polvo"', NumMedia: '0' },
      {
        ...inbound('b', 'MM2', 'whatsapp:+573001234567', 'whatsapp:+14155238886'),
        Body: '',
        NumMedia: '2',
        MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1',
        MediaContentType0: 'image/jpeg',
        MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME2',
        MediaContentType1: 'audio/ogg',
      },
    ];
    for (const body of bodies) {
      const ours = twilioSignature(token, url, new URLSearchParams(body));
      expect(twilio.validateRequest(token, ours, url, body)).toBe(true);
      const theirs = twilio.getExpectedTwilioSignature(token, url, body);
      expect(isTwilioSignatureValid(token, theirs, [url], new URLSearchParams(body))).toBe(true);
    }
  });

  it('When the body, the URL or the token differ, or the header is missing, Then the signature is refused', () => {
    const params = new URLSearchParams(DOC_PARAMS);
    expect(isTwilioSignatureValid(DOC_TOKEN, undefined, [DOC_URL], params)).toBe(false);
    expect(isTwilioSignatureValid(DOC_TOKEN, DOC_SIGNATURE, ['https://mycompany.com/myapp.php?foo=1&bar=3'], params)).toBe(false);
    expect(isTwilioSignatureValid('54321', DOC_SIGNATURE, [DOC_URL], params)).toBe(false);
    const changed = new URLSearchParams(DOC_PARAMS);
    changed.set('Digits', '1235');
    expect(isTwilioSignatureValid(DOC_TOKEN, DOC_SIGNATURE, [DOC_URL], changed)).toBe(false);
  });

  it('When Twilio signed the URL with the default port and the server sees it without, Then the signature still holds', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    const signature = twilioSignature(DOC_TOKEN, withPort, new URLSearchParams(DOC_PARAMS));
    expect(isTwilioSignatureValid(DOC_TOKEN, signature, [DOC_URL], new URLSearchParams(DOC_PARAMS))).toBe(true);
  });
});

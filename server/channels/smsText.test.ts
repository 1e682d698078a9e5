import { SegmentedMessage } from 'sms-segments-calculator';
import { fitsOneSms, forChannel, gsmSeptets, segmentsOf, splitForChannel } from './smsText';

describe('SMS text', () => {
  it('When Spanish with á, í, ó, ú goes by SMS, Then it is folded to GSM-7 while é, ñ, ü, ¿ and ¡ stay', () => {
    const folded = forChannel('¿Quién está en Agustín Codazzi? ¡Sí, Ñandú ÁÉÍÓÚ “ya”! pingüino', 'sms');
    expect(folded).toBe('¿Quién esta en Agustin Codazzi? ¡Si, Ñandu AÉIOU "ya"! pingüino');
    expect(new SegmentedMessage(folded, 'auto').encodingName).toBe('GSM-7');
  });

  it('When a text has no GSM-7 look-alike (an emoji), Then it becomes a question mark; WhatsApp keeps everything', () => {
    expect(forChannel('Polvo 😷 en la casa', 'sms')).toBe('Polvo ? en la casa');
    expect(forChannel('Polvo 😷 en Agustín', 'whatsapp')).toBe('Polvo 😷 en Agustín');
  });

  it('When a text is 160 GSM-7 characters it is one SMS, at 161 two segments; WhatsApp counts one', () => {
    expect(fitsOneSms('a'.repeat(160))).toBe(true);
    expect(fitsOneSms('a'.repeat(161))).toBe(false);
    expect(segmentsOf('a'.repeat(161), 'sms')).toBe(2);
    expect(segmentsOf('a'.repeat(3000), 'whatsapp')).toBe(1);
  });

  it('When a reply is longer than a gateway takes, Then it is cut at word breaks into numbered parts that keep every word', () => {
    const words = Array.from({ length: 600 }, (_, i) => `palabra${i}`);
    const parts = splitForChannel(words.join(' '), 'sms');
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(part.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true);
      expect(part.length).toBeLessThanOrEqual(1530);
    }
    expect(
      parts
        .map((p) => p.replace(/^\(\d+\/\d+\) /, ''))
        .join(' ')
        .split(' '),
    ).toEqual(words);
    expect(splitForChannel('corto', 'sms')).toEqual(['corto']);
  });
});

describe('GSM-7 measured by hand', () => {
  it('When texts are measured, Then our GSM-7 test and septet count agree with Twilio’s segment calculator', () => {
    const samples = [
      'Hola',
      '¿Qué pasó?',
      'Agustín',
      'Ñandú',
      'pingüino',
      '€ 100 [a] {b} ~c^ |d| \\e',
      'naïve',
      'Ç Ø ø Å å Δ _ Φ Γ Λ Ω Π Ψ Σ Θ Ξ Æ æ ß É',
      '@£$¥èéùìò',
      '¤§¿¡äöñüàÄÖÑÜ',
      'emoji 😷',
      'línea\nnueva\r',
      'a'.repeat(160),
      'a'.repeat(159) + '€',
      'a'.repeat(158) + '€',
    ];
    for (const text of samples) {
      const oracle = new SegmentedMessage(text, 'auto');
      const gsm = oracle.encodingName === 'GSM-7';
      expect({ text, gsm: gsmSeptets(text) !== null }).toEqual({ text, gsm });
      if (gsm) expect({ text, oneSms: fitsOneSms(text) }).toEqual({ text, oneSms: oracle.segmentsCount === 1 });
    }
  });
});

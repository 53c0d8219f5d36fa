import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/errors.ts';
import { escapeHtml } from '../../src/mail/layout.ts';
import { MailDataError, pickLanguage, renderMail } from '../../src/mail/render.ts';
import { smtpTransportOptions } from '../../src/mail/transport.ts';
import { MAIL_TEMPLATES, NOTIFICATION_TEMPLATES, PASSCODE_TEMPLATES } from '../../src/mail/types.ts';
import { testConfig } from '../helpers/app.ts';

const passcodeData = { service_name: 'Acme', otp_code: '482913', ttl: 300, valid_until: 1_900_000_000 };

describe('pickLanguage', () => {
  it('maps German variants to German and everything else to English', () => {
    for (const l of ['de', 'DE', 'de-DE', 'de_AT', 'de-CH', ' de ', 'de,en;q=0.5'])
      assert.equal(pickLanguage(l), 'de', l);
    for (const l of ['en', 'en-US', 'fr', 'undefined', '', 'deutsch', 'dee', undefined, null]) {
      assert.equal(pickLanguage(l), 'en', String(l));
    }
  });
});

describe('renderMail', () => {
  it('renders every template in both languages with subject, text and HTML', () => {
    for (const template of MAIL_TEMPLATES) {
      const bodies = new Set<string>();
      for (const locale of ['en', 'de']) {
        const m = renderMail(template, locale, {
          ...passcodeData,
          new_email_address: 'new@example.com',
          old_email_address: 'old@example.com',
          deleted_email_address: 'gone@example.com',
        });
        assert.ok(m.subject.length > 5 && !/[\r\n]/.test(m.subject), `${template}/${locale}: subject`);
        assert.ok(m.subject.includes('Acme'), `${template}/${locale}: service name in subject`);
        assert.ok(m.text.includes('Acme'), `${template}/${locale}: service name in text`);
        assert.match(m.html, new RegExp(`^<!DOCTYPE html>\\n<html lang="${locale}">`));
        assert.ok(m.html.includes('Acme'));
        bodies.add(m.text);
      }
      assert.equal(bodies.size, 2, `${template}: the German text differs from the English one`);
    }
  });

  it('passcode mails carry the code and the validity in minutes', () => {
    for (const template of PASSCODE_TEMPLATES) {
      const en = renderMail(template, 'en-US', passcodeData);
      assert.match(en.text, /^482913$/m);
      assert.ok(en.subject.includes('482913'));
      assert.ok(en.text.includes('5 minutes'), en.text);
      assert.ok(en.html.includes('482913'));
      const de = renderMail(template, 'de-DE', { ...passcodeData, ttl: 60 });
      assert.ok(de.text.includes('1 Minute'), de.text);
      assert.ok(de.text.includes('gültig'));
    }
    assert.ok(renderMail('login', 'en', { ...passcodeData, ttl: 90 }).text.includes('2 minutes'));
  });

  it('attempt mails carry no code', () => {
    for (const template of ['email_login_attempted', 'email_registration_attempted']) {
      const m = renderMail(template, 'en', passcodeData);
      assert.ok(!m.text.includes('482913') && !m.html.includes('482913') && !m.subject.includes('482913'));
    }
  });

  it('notifications name the addresses involved', () => {
    assert.ok(
      renderMail('email_create', 'en', { service_name: 'A', new_email_address: 'n@x.io' }).text.includes(
        'n@x.io',
      ),
    );
    assert.ok(
      renderMail('email_delete', 'de', { service_name: 'A', deleted_email_address: 'd@x.io' }).text.includes(
        'd@x.io',
      ),
    );
    const p = renderMail('primary_email_update', 'en', {
      service_name: 'A',
      old_email_address: 'o@x.io',
      new_email_address: 'n@x.io',
    });
    assert.ok(p.text.includes('o@x.io') && p.text.includes('n@x.io'));
    for (const t of NOTIFICATION_TEMPLATES)
      assert.ok(renderMail(t, 'en', { service_name: 'A' }).text.length > 20);
  });

  it('HTML-escapes every variable; the text part keeps them as they are', () => {
    const evil = '<script>alert("x")</script> & \'co\'';
    const m = renderMail('email_create', 'en', {
      service_name: evil,
      new_email_address: '"><img src=x>@x.io',
    });
    assert.ok(!m.html.includes('<script>') && !m.html.includes('<img'), m.html);
    assert.ok(m.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;'));
    assert.ok(m.html.includes('&quot;&gt;&lt;img src=x&gt;@x.io'));
    assert.ok(m.text.includes(evil));
    assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
  });

  it('keeps line breaks out of the subject', () => {
    const m = renderMail('password_update', 'en', { service_name: 'Acme\r\nBcc: victim@example.com' });
    assert.ok(!/[\r\n]/.test(m.subject), m.subject);
  });

  it('rejects unknown templates and missing or mistyped data', () => {
    assert.throws(() => renderMail('nope', 'en', passcodeData), MailDataError);
    assert.throws(() => renderMail('login', 'en', { service_name: 'A', ttl: 300 }), /otp_code/);
    assert.throws(() => renderMail('login', 'en', { service_name: 'A', otp_code: '123456' }), /ttl/);
    assert.throws(() => renderMail('password_update', 'en', {}), /service_name/);
    assert.throws(
      () => renderMail('email_create', 'en', { service_name: 'A', new_email_address: 5 }),
      MailDataError,
    );
    assert.throws(() => renderMail('password_update', 'en', null), MailDataError);
    assert.throws(() => renderMail('password_update', 'en', ['x']), MailDataError);
  });
});

describe('smtpTransportOptions', () => {
  const delivery = (smtp: Record<string, unknown>) =>
    testConfig({ email_delivery: { enabled: true, smtp } }).email_delivery;

  it('uses implicit TLS on port 465 and opportunistic STARTTLS elsewhere', () => {
    const tls = smtpTransportOptions(delivery({ host: 'mx', port: '465' }));
    assert.equal(tls.port, 465);
    assert.equal(tls.secure, true);
    assert.equal('opportunisticTLS' in tls, false);
    const plain = smtpTransportOptions(delivery({ host: 'mx', port: 587 }));
    assert.equal(plain.port, 587);
    assert.equal(plain.secure, false);
    assert.equal(plain.opportunisticTLS, true);
    assert.equal(smtpTransportOptions(delivery({ host: 'mx', port: '2525', secure: true })).secure, true);
    assert.equal(smtpTransportOptions(delivery({ host: 'mx', port: 465, secure: false })).secure, false);
  });

  it('authenticates only when a user is configured, and sets timeouts', () => {
    const anon = smtpTransportOptions(delivery({ host: 'mx', port: '25', password: 'p' }));
    assert.equal('auth' in anon, false);
    const auth = smtpTransportOptions(delivery({ host: 'mx', port: '25', user: 'u', password: 'p' }));
    assert.deepEqual(auth.auth, { user: 'u', pass: 'p' });
    assert.ok(auth.connectionTimeout > 0 && auth.greetingTimeout > 0 && auth.socketTimeout > 0);
  });

  it('rejects a port that is not a number', () => {
    assert.throws(() => smtpTransportOptions(delivery({ host: 'mx', port: 'smtp' })), ConfigError);
  });
});

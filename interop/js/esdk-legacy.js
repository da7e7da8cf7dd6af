#!/usr/bin/env node
// Drives the AWS Encryption SDK for JavaScript (@aws-crypto/client-node) as an oracle for the
// legacy suites and the raw RSA keyring (issue 3). Run it as
//
//   node --security-revert=CVE-2023-46809 esdk-legacy.js request.json response.json
//
// because node 20 refuses PKCS#1 v1.5 RSA decryption without that flag (the Marvin attack fix);
// the flag changes nothing else this script does.
//
// Request:  {"cases": [Case, ...]}
// Case:     {"id": "any string",
//            "op": "encrypt" | "decrypt" | "networkGuardCheck",
//            "suite": 20                     (encrypt only: any of the eleven suite ids),
//            "frameLength": 64               (encrypt only),
//            "commitmentPolicy": "FORBID_ENCRYPT_ALLOW_DECRYPT" | ... (required),
//            "context": {"k": "v"}           (encrypt only),
//            "key": {"kind": "aes", "namespace", "name", "key": base64}
//                 | {"kind": "rsa", "namespace", "name",
//                    "padding": "PKCS1" | "OAEP_SHA1" | "OAEP_SHA256" | "OAEP_SHA384" | "OAEP_SHA512",
//                    "publicPem": "...", "privatePem": "..."},
//            "input": base64}
// Response: {"results": [{"id", "ok": true, "output": base64, "suite", "frameLength", "context"}
//                        | {"id", "ok": false, "error": "message"}, ...]}
//
// Like esdk-batch.js, it disables node's socket and DNS entry points before loading the SDK.
'use strict';

const fs = require('fs');

function refuseNetwork(name) {
  return function () {
    throw new Error(`interop oracle: network use (${name}) is not allowed`);
  };
}

const GUARDED = [];

for (const [moduleName, functions] of [
  ['net', ['connect', 'createConnection', 'createServer']],
  ['tls', ['connect', 'createServer']],
  ['dgram', ['createSocket']],
  ['http', ['request', 'get', 'createServer']],
  ['https', ['request', 'get', 'createServer']],
  ['http2', ['connect', 'createServer', 'createSecureServer']],
  ['dns', ['lookup', 'resolve', 'resolve4', 'resolve6']],
]) {
  const mod = require(moduleName);
  for (const fn of functions) {
    mod[fn] = refuseNetwork(`${moduleName}.${fn}`);
    GUARDED.push([mod, fn, `${moduleName}.${fn}`]);
  }
}
require('net').Socket.prototype.connect = refuseNetwork('net.Socket.connect');
GUARDED.push([require('net').Socket.prototype, 'connect', 'net.Socket.connect']);
for (const fn of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  require('dns').promises[fn] = refuseNetwork(`dns.promises.${fn}`);
  GUARDED.push([require('dns').promises, fn, `dns.promises.${fn}`]);
}

// Calls every guarded entry point without arguments (so that, guard or not, nothing could be
// reached) and answers the names of those that did not refuse with the guard's error.
function unguardedEntryPoints() {
  const unguarded = [];
  for (const [target, fn, name] of GUARDED) {
    try {
      target[fn].call(target);
      unguarded.push(name);
    } catch (e) {
      if (!String(e && e.message).startsWith('interop oracle: network use')) {
        unguarded.push(name);
      }
    }
  }
  return unguarded;
}

const crypto = require('crypto');
const {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  RawRsaKeyringNode,
} = require('@aws-crypto/client-node');

const WRAPPING_SUITES = {
  16: RawAesWrappingSuiteIdentifier.AES128_GCM_IV12_TAG16_NO_PADDING,
  24: RawAesWrappingSuiteIdentifier.AES192_GCM_IV12_TAG16_NO_PADDING,
  32: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
};

const RSA_PADDINGS = {
  PKCS1: { padding: crypto.constants.RSA_PKCS1_PADDING },
  OAEP_SHA1: { padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
  OAEP_SHA256: { padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
  OAEP_SHA384: { padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha384' },
  OAEP_SHA512: { padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha512' },
};

function keyringFor(k) {
  if (!k) {
    throw new Error('case has no key');
  }
  if (k.kind === 'aes') {
    const material = Buffer.from(k.key, 'base64');
    const wrappingSuite = WRAPPING_SUITES[material.length];
    if (wrappingSuite === undefined) {
      throw new Error(`wrapping key of ${material.length} bytes is not 16, 24 or 32`);
    }
    return new RawAesKeyringNode({
      keyNamespace: k.namespace,
      keyName: k.name,
      unencryptedMasterKey: new Uint8Array(material),
      wrappingSuite,
      utf8Sorting: true,
    });
  }
  if (k.kind === 'rsa') {
    const padding = RSA_PADDINGS[k.padding];
    if (padding === undefined) {
      throw new Error(`unknown RSA padding ${k.padding}`);
    }
    const rsaKey = {};
    if (k.publicPem) {
      rsaKey.publicKey = k.publicPem;
    }
    if (k.privatePem) {
      rsaKey.privateKey = k.privatePem;
    }
    return new RawRsaKeyringNode({
      keyNamespace: k.namespace,
      keyName: k.name,
      rsaKey,
      ...padding,
    });
  }
  throw new Error(`unknown key kind ${k.kind}`);
}

async function runCase(c) {
  if (c.op === 'networkGuardCheck') {
    return { id: c.id, ok: true, unguarded: unguardedEntryPoints() };
  }
  if (CommitmentPolicy[c.commitmentPolicy] === undefined) {
    throw new Error(`unknown commitment policy ${c.commitmentPolicy}`);
  }
  const client = buildClient({ commitmentPolicy: CommitmentPolicy[c.commitmentPolicy] });
  const keyring = keyringFor(c.key);
  const input = Buffer.from(c.input || '', 'base64');
  if (c.op === 'encrypt') {
    const { result } = await client.encrypt(keyring, input, {
      suiteId: c.suite,
      frameLength: c.frameLength,
      encryptionContext: c.context || {},
    });
    return { id: c.id, ok: true, output: Buffer.from(result).toString('base64') };
  }
  if (c.op === 'decrypt') {
    const { plaintext, messageHeader } = await client.decrypt(keyring, input);
    return {
      id: c.id,
      ok: true,
      output: Buffer.from(plaintext).toString('base64'),
      suite: messageHeader.suiteId,
      frameLength: messageHeader.frameLength,
      context: messageHeader.encryptionContext,
    };
  }
  throw new Error(`unknown op ${c.op}`);
}

async function main() {
  const [requestPath, responsePath] = process.argv.slice(2);
  const request = JSON.parse(fs.readFileSync(requestPath || 0, 'utf8'));
  const results = [];
  for (const c of request.cases) {
    try {
      results.push(await runCase(c));
    } catch (e) {
      results.push({ id: c.id, ok: false, error: String((e && e.message) || e) });
    }
  }
  const response = JSON.stringify({ results });
  if (responsePath) {
    fs.writeFileSync(responsePath, response);
  } else {
    process.stdout.write(response);
  }
}

main().catch((e) => {
  process.stderr.write(`legacy oracle failed: ${(e && e.stack) || e}\n`);
  process.exitCode = 1;
});

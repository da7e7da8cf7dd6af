package io.envelope4j.internal;

import io.envelope4j.MessageInfo;

/** A one-shot encryption's output: the message bytes and their header facts. */
public record Encrypted(byte[] ciphertext, MessageInfo info) {}

package io.envelope4j.kmslocal.internal;

import java.time.Instant;

/**
 * Who is calling and how: the facts of one request attempt taken from its headers, plus the key ARN
 * the operation resolved (for the audit log).
 */
final class Call {
  final String operation;
  final String region;
  final String account;
  final String accessKeyId;
  final String sourceIp;
  final String userAgent;
  final String requestId;
  final String invocationId;
  final int attempt;
  final Instant time;
  String keyArn;

  Call(
      String operation,
      String region,
      String account,
      String accessKeyId,
      String sourceIp,
      String userAgent,
      String requestId,
      String invocationId,
      int attempt,
      Instant time) {
    this.operation = operation;
    this.region = region;
    this.account = account;
    this.accessKeyId = accessKeyId;
    this.sourceIp = sourceIp;
    this.userAgent = userAgent;
    this.requestId = requestId;
    this.invocationId = invocationId;
    this.attempt = attempt;
    this.time = time;
  }
}

package io.envelope4j.kms;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;

/** Records the KMS requests the real SDK client is about to send: operation, tokens, context. */
final class RecordingInterceptor implements ExecutionInterceptor {
  private final List<String> operations = new CopyOnWriteArrayList<>();
  private final List<Object> grantTokens = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> contexts = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    Object request = context.request();
    if (request instanceof GenerateDataKeyRequest r) {
      record("GenerateDataKey", r.grantTokens(), r.encryptionContext());
    } else if (request instanceof EncryptRequest r) {
      record("Encrypt", r.grantTokens(), r.encryptionContext());
    } else if (request instanceof DecryptRequest r) {
      record("Decrypt", r.grantTokens(), r.encryptionContext());
    } else {
      operations.add(request.getClass().getSimpleName());
    }
  }

  private void record(String op, List<String> tokens, Map<String, String> context) {
    operations.add(op);
    grantTokens.add(List.copyOf(tokens));
    contexts.add(Map.copyOf(context));
  }

  List<String> operations() {
    return List.copyOf(operations);
  }

  List<Object> grantTokens() {
    return List.copyOf(grantTokens);
  }

  List<Map<String, String>> contexts() {
    return List.copyOf(contexts);
  }
}

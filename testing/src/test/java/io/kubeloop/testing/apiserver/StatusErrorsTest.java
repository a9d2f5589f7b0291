package io.kubeloop.testing.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusErrorsTest {
  @Test
  void notFoundForCoreResourceHasNoGroup() {
    assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"configmaps \\\"cm1\\\" not found\",\"reason\":\"NotFound\","
            + "\"details\":{\"name\":\"cm1\",\"kind\":\"configmaps\"},\"code\":404}",
        StatusErrors.notFound("", "configmaps", "cm1").toString());
  }

  @Test
  void notFoundForGroupedResourceQualifiesTheResource() {
    ObjectNode status = StatusErrors.notFound("coordination.k8s.io", "leases", "x");
    assertEquals("leases.coordination.k8s.io \"x\" not found", status.get("message").asText());
    assertEquals("{\"name\":\"x\",\"group\":\"coordination.k8s.io\",\"kind\":\"leases\"}", status.get("details").toString());
    assertEquals(404, StatusErrors.code(status));
  }

  @Test
  void notFoundPathHasEmptyDetails() {
    ObjectNode status = StatusErrors.notFoundPath();
    assertEquals("the server could not find the requested resource", status.get("message").asText());
    assertEquals("{}", status.get("details").toString());
  }

  @Test
  void alreadyExists() {
    ObjectNode status = StatusErrors.alreadyExists("", "configmaps", "cm1");
    assertEquals("configmaps \"cm1\" already exists", status.get("message").asText());
    assertEquals("AlreadyExists", status.get("reason").asText());
    assertEquals(409, StatusErrors.code(status));
    assertEquals("{\"name\":\"cm1\",\"kind\":\"configmaps\"}", status.get("details").toString());
  }

  @Test
  void conflictOnStaleResourceVersionUsesTheOptimisticLockText() {
    ObjectNode status = StatusErrors.conflictModified("", "configmaps", "cm1");
    assertEquals("Operation cannot be fulfilled on configmaps \"cm1\": the object has been modified; please apply your "
        + "changes to the latest version and try again", status.get("message").asText());
    assertEquals("Conflict", status.get("reason").asText());
    assertEquals(409, StatusErrors.code(status));
  }

  @Test
  void deletePreconditionConflictsNameTheKind() {
    assertEquals("Operation cannot be fulfilled on ConfigMap \"cm1\": the ResourceVersion in the precondition (1) does not "
            + "match the ResourceVersion in record (7). The object might have been modified",
        StatusErrors.resourceVersionPreconditionFailed("", "ConfigMap", "cm1", "1", "7").get("message").asText());
    assertEquals("Operation cannot be fulfilled on Lease.coordination.k8s.io \"l\": the UID in the precondition (a) does "
            + "not match the UID in record (b). The object might have been deleted and then recreated",
        StatusErrors.uidPreconditionFailed("coordination.k8s.io", "Lease", "l", "a", "b").get("message").asText());
    assertEquals("Operation cannot be fulfilled on configmaps \"c\": Precondition failed: UID in precondition: a, UID in "
        + "object meta: b", StatusErrors.conflictUid("", "configmaps", "c", "a", "b").get("message").asText());
  }

  @Test
  void invalidListsCausesAndAggregatesMessages() {
    ObjectNode status = StatusErrors.invalid("example.com", "VirtualMachine", "vm1", List.of(
        FieldError.invalid("spec.cpus", "string", "spec.cpus in body must be of type integer: \"string\""),
        FieldError.required("spec.image", "")));
    assertEquals("VirtualMachine.example.com \"vm1\" is invalid: [spec.cpus: Invalid value: \"string\": spec.cpus in body "
        + "must be of type integer: \"string\", spec.image: Required value]", status.get("message").asText());
    assertEquals("{\"name\":\"vm1\",\"group\":\"example.com\",\"kind\":\"VirtualMachine\",\"causes\":["
            + "{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: \\\"string\\\": spec.cpus in body must be of "
            + "type integer: \\\"string\\\"\",\"field\":\"spec.cpus\"},"
            + "{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\",\"field\":\"spec.image\"}]}",
        status.get("details").toString());
    assertEquals(422, StatusErrors.code(status));
  }

  @Test
  void invalidLeaseUpdateWithoutResourceVersion() {
    ObjectNode status = StatusErrors.invalid("coordination.k8s.io", "leases", "l1", List.of(FieldError.invalid(
        "metadata.resourceVersion", new FieldError.Raw("0x0"), "must be specified for an update")));
    assertEquals("leases.coordination.k8s.io \"l1\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be "
        + "specified for an update", status.get("message").asText());
  }

  @Test
  void invalidWithoutErrorsHasNoColon() {
    assertEquals("ConfigMap \"a\" is invalid", StatusErrors.invalid("", "ConfigMap", "a", List.of()).get("message").asText());
  }

  @Test
  void badRequestHasNoDetails() {
    assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"bad\","
        + "\"reason\":\"BadRequest\",\"code\":400}", StatusErrors.badRequest("bad").toString());
  }

  @Test
  void expiredTooOldResourceVersion() {
    assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"too old resource version: 5 (9)\",\"reason\":\"Expired\",\"code\":410}",
        StatusErrors.tooOldResourceVersion(5, 9).toString());
    assertEquals("Gone", StatusErrors.gone("x").get("reason").asText());
  }

  @Test
  void forbiddenVariants() {
    assertEquals("namespaces \"default\" is forbidden: this namespace may not be deleted",
        StatusErrors.forbidden("", "namespaces", "default", "this namespace may not be deleted").get("message").asText());
    assertEquals("configmaps is forbidden: nope", StatusErrors.forbidden("", "configmaps", "", "nope").get("message").asText());
    assertEquals("forbidden: nope", StatusErrors.forbidden("", "", "", "nope").get("message").asText());
    assertEquals(403, StatusErrors.code(StatusErrors.forbidden("", "", "", "nope")));
  }

  @Test
  void methodNotSupported() {
    ObjectNode status = StatusErrors.methodNotSupported("coordination.k8s.io", "leases", "deletecollection");
    assertEquals("deletecollection is not supported on resources of kind \"leases.coordination.k8s.io\"",
        status.get("message").asText());
    assertEquals("MethodNotAllowed", status.get("reason").asText());
    assertEquals(405, StatusErrors.code(status));
  }

  @Test
  void mediaTypeErrors() {
    ObjectNode status = StatusErrors.unsupportedMediaType(List.of("application/json-patch+json",
        "application/merge-patch+json", "application/apply-patch+yaml"));
    assertEquals("the body of the request was in an unknown format - accepted media types include: "
        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
        status.get("message").asText());
    assertEquals(415, StatusErrors.code(status));
    assertEquals("only the following media types are accepted: application/json",
        StatusErrors.notAcceptable(List.of("application/json")).get("message").asText());
  }

  @Test
  void retryableErrorsCarryRetryAfter() {
    assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"slow down\","
        + "\"reason\":\"TooManyRequests\",\"details\":{\"retryAfterSeconds\":3},\"code\":429}",
        StatusErrors.tooManyRequests("slow down", 3).toString());
    assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Timeout: Too large resource version: 9, current: 5\",\"reason\":\"Timeout\",\"details\":{"
            + "\"causes\":[{\"reason\":\"ResourceVersionTooLarge\",\"message\":\"Too large resource version\"}],"
            + "\"retryAfterSeconds\":1},\"code\":504}",
        StatusErrors.tooLargeResourceVersion(9, 5).toString());
  }

  @Test
  void serverSideFailures() {
    assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"Internal error occurred: boom\",\"reason\":\"InternalError\","
        + "\"details\":{\"causes\":[{\"message\":\"boom\"}]},\"code\":500}", StatusErrors.internalError("boom").toString());
    assertEquals(503, StatusErrors.code(StatusErrors.serviceUnavailable("down")));
    assertEquals("not authorized", StatusErrors.unauthorized("").get("message").asText());
    assertEquals(401, StatusErrors.code(StatusErrors.unauthorized("")));
    assertEquals("Timeout: slow", StatusErrors.timeout("slow", 0).get("message").asText());
  }

  @Test
  void jsonPatchRejected() {
    ObjectNode status = StatusErrors.patchRejected();
    assertEquals("the server rejected our request due to an error in our request", status.get("message").asText());
    assertEquals(422, StatusErrors.code(status));
    assertEquals("Invalid", status.get("reason").asText());
  }

  @Test
  void deleteSuccess() {
    assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\","
            + "\"details\":{\"name\":\"l\",\"group\":\"coordination.k8s.io\",\"kind\":\"leases\",\"uid\":\"u1\"}}",
        StatusErrors.deleted("coordination.k8s.io", "leases", "l", "u1").toString());
  }

  @Test
  void continueExpiredCarriesAFreshToken() {
    ObjectNode status = StatusErrors.continueExpired("tok");
    assertEquals("{\"continue\":\"tok\"}", status.get("metadata").toString());
    assertEquals(410, StatusErrors.code(status));
    assertEquals("Expired", status.get("reason").asText());
    assertEquals(true, status.get("message").asText().startsWith("The provided continue parameter is too old to display a "
        + "consistent list result. You can start a new list without the continue parameter, or use the continue token"));
  }

  @Test
  void crdTerminating() {
    ObjectNode status = StatusErrors.crdTerminating("example.com", "virtualmachines", "create");
    assertEquals("create not allowed while custom resource definition is terminating", status.get("message").asText());
    assertEquals(405, StatusErrors.code(status));
    assertEquals("{\"group\":\"example.com\",\"kind\":\"virtualmachines\"}", status.get("details").toString());
  }

  @Test
  void listOptionsValidation() {
    // Conformance check 21: resourceVersionMatch without resourceVersion.
    ObjectNode status = StatusErrors.invalid("meta.k8s.io", "ListOptions", "", List.of(FieldError.forbidden(
        "resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided")));
    assertEquals("ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is "
        + "forbidden unless resourceVersion is provided", status.get("message").asText());
    assertEquals("meta.k8s.io", status.at("/details/group").asText());
    assertEquals("ListOptions", status.at("/details/kind").asText());
  }
}

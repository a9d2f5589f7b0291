package io.kubeloop.testing.apiserver;

/** Shared request bodies of the conformance tests (spec §16 setup). */
final class Fixtures {
  static final String CMS = "/api/v1/namespaces/default/configmaps";
  static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/default/leases";
  static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  static final String VMS = "/apis/example.com/v1/namespaces/default/virtualmachines";

  static final String VM_CRD = """
      {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
       "metadata":{"name":"virtualmachines.example.com"},
       "spec":{"group":"example.com","scope":"Namespaced",
        "names":{"plural":"virtualmachines","singular":"virtualmachine","kind":"VirtualMachine",
                 "shortNames":["vm"],"categories":["all"]},
        "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
          "additionalPrinterColumns":[{"name":"Phase","type":"string","jsonPath":".status.phase"},
                                      {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}],
          "schema":{"openAPIV3Schema":{"type":"object","properties":{
            "spec":{"type":"object","properties":{"cpus":{"type":"integer"},"image":{"type":"string"},
                    "action":{"type":"string","enum":["start","stop"]}}},
            "status":{"type":"object","properties":{"phase":{"type":"string"}}}}}}}]}}
      """;

  private Fixtures() {}

  static String cm(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\"},\"data\":{\"a\":\"1\"}}";
  }

  static String cm(String name, String labelsJson) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":"
        + labelsJson + "},\"data\":{\"a\":\"1\"}}";
  }

  static String vm(String name, int cpus) {
    return "{\"apiVersion\":\"example.com/v1\",\"kind\":\"VirtualMachine\",\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":{\"cpus\":" + cpus + ",\"image\":\"debian\"}}";
  }

  static String lease(String name, String renewTime) {
    return "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":{\"holderIdentity\":\"a\",\"leaseDurationSeconds\":15,\"renewTime\":\"" + renewTime + "\"}}";
  }

  static void installVmCrd(Http http) {
    http.post(CRDS, VM_CRD).expect(201);
  }
}

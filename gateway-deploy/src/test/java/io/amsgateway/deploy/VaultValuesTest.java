package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys from Vault: the gateway's own Kubernetes auth (vault-kv), and files from the Vault Agent injector. */
class VaultValuesTest {
    @Test
    void vaultKvLogsInWithAProjectedServiceAccountToken() {
        Manifests m = HelmChart.render(ValuesProfile.VAULT_KV);
        Config vault = ConfigFactory.parseString(m.gatewayConf()).getConfig("gateway.vault");
        assertThat(vault.getString("address")).isEqualTo("https://vault.vault.svc:8200");
        assertThat(vault.getString("auth.method")).isEqualTo("kubernetes");
        assertThat(vault.getString("auth.kubernetes.role")).isEqualTo("ams-gateway-payments");
        assertThat(vault.getString("ca-file")).isEqualTo("/etc/ams-gateway/vault-ca/ca.crt");

        VolumeMount tokenMount = m.gateway().getVolumeMounts().stream()
                .filter(v -> v.getName().equals("ams-gateway-vault-token"))
                .findFirst()
                .orElseThrow();
        assertThat(tokenMount.getMountPath() + "/token")
                .as("the jwt-file the gateway reads is the projected token")
                .isEqualTo(vault.getString("auth.kubernetes.jwt-file"));
        Volume token = m.podSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("ams-gateway-vault-token"))
                .findFirst()
                .orElseThrow();
        ServiceAccountTokenProjection sa =
                token.getProjected().getSources().get(0).getServiceAccountToken();
        assertThat(sa.getAudience()).as("a token for Vault only").isEqualTo("vault");
        assertThat(sa.getPath()).isEqualTo("token");
        assertThat(m.podSpec().getServiceAccountName()).isEqualTo("payments-ams-gateway");
        assertThat(ConfigFactory.parseString(m.gatewayConf()).getString("gateway.profiles.sea.key-source.type"))
                .isEqualTo("vault-kv");
        assertThat(m.podSpec().getVolumes())
                .as("no key Secret with vault-kv (the listener's TLS Secret aside)")
                .filteredOn(v -> !v.getName().equals("ams-gateway-tls"))
                .noneMatch(v -> v.getSecret() != null);
    }

    @Test
    void networkPolicyLetsOutOnlyDnsAlipayAndVault() {
        List<NetworkPolicyEgressRule> egress = HelmChart.render(ValuesProfile.VAULT_KV)
                .one(NetworkPolicy.class)
                .getSpec()
                .getEgress();
        assertThat(egress)
                .extracting(r -> r.getPorts().stream()
                        .map(NetworkPolicyPort::getPort)
                        .map(p -> p.getIntVal())
                        .toList())
                .containsExactly(List.of(53, 53), List.of(443), List.of(8200));
        assertThat(egress.get(2).getTo().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "vault");
        assertThat(HelmChart.render(ValuesProfile.STANDALONE)
                        .one(NetworkPolicy.class)
                        .getSpec()
                        .getEgress())
                .as("with keys from a Secret, no way to Vault")
                .hasSize(2);
    }

    @Test
    void aVaultKeySourceWithoutAnAddressDoesNotRender() {
        assertThatThrownBy(() -> HelmChart.template(ValuesProfile.VAULT_KV, Map.of("vault.address", "")))
                .as("fail at install, not at the gateway's start")
                .hasMessageContaining("vault.address is required with keys.source vault-kv");
    }

    @Test
    void vaultAgentRendersEachKeyVersionWhereTheFileSourceLooks() {
        Manifests m = HelmChart.render(ValuesProfile.VAULT_AGENT);
        Map<String, String> a =
                m.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(a)
                .containsEntry("vault.hashicorp.com/agent-inject", "true")
                .containsEntry("vault.hashicorp.com/role", "ams-gateway-payments")
                .containsEntry(
                        "vault.hashicorp.com/agent-inject-secret-sea-merchant-v2",
                        "secret/data/ams/SANDBOX_5X00000000000000?version=2")
                .containsEntry("vault.hashicorp.com/agent-inject-file-sea-merchant-v2", "merchant-private-key-v2.pem")
                .containsEntry("vault.hashicorp.com/agent-inject-file-sea-alipay-v1", "alipay-public-key-v1.pem")
                .containsEntry("vault.hashicorp.com/secret-volume-path-sea-alipay-v1", "/vault/secrets/sea");
        assertThat(a.get("vault.hashicorp.com/agent-inject-template-sea-merchant-v1"))
                .as("a Vault Agent template, not consumed by Helm")
                .isEqualTo("{{- with secret \"secret/data/ams/SANDBOX_5X00000000000000?version=1\" -}}"
                        + "{{ .Data.data.merchant_private_key }}{{- end -}}");
        Config profile = ConfigFactory.parseString(m.gatewayConf()).getConfig("gateway.profiles.sea");
        assertThat(profile.getString("key-source.type")).isEqualTo("file");
        assertThat(profile.getString("key-source.dir")).isEqualTo("/vault/secrets/sea");
        assertThat(profile.getString("key-version")).isEqualTo("latest");
    }
}

package io.amsgateway.server.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** Known keys come from the reference configuration, whatever it documents. */
class KnownKeysTest {
    /** A reference as another change might extend it: a new key-source kind and a new section. */
    private static final Config REFERENCE = ConfigFactory.parseString(
                    """
            gateway {
              readiness { require-all-profiles = true }
              upstream-defaults { url = "https://a", response-timeout = 15s }
              profile-defaults {
                key-version = 1
                key-source { type = file, pkcs11 { slot = 0, pin-file = "" } }
                upstream {}
              }
              profiles {}
              labels {}
            }
            """)
            .resolve();

    private static void check(String user) {
        KnownKeys.check(ConfigFactory.parseString(user).withFallback(REFERENCE).resolve(), REFERENCE);
    }

    @Test
    void keysTheReferenceDocumentsAreKnownWithoutAChangeHere() {
        assertThatCode(
                        () -> check(
                                """
                gateway.readiness.require-all-profiles = false
                gateway.profiles.p1 { client-id = A, key-version = 2, key-source.pkcs11.slot = 3 }
                gateway.profiles.p2 { client-id = B, merchant-private-key-file = x, upstream.response-timeout = 1s }
                gateway.profile-defaults.upstream.url = "https://b"
                """))
                .doesNotThrowAnyException();
    }

    @Test
    void profileNamesAreFreeButTheirKeysFollowTheTemplate() {
        assertThatThrownBy(() -> check("gateway.profiles.any-name { client-id = A, key-source.pkcs11.slto = 3 }"))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.profiles.any-name.key-source.pkcs11.slto")
                .hasMessageContaining("did you mean gateway.profiles.any-name.key-source.pkcs11.slot?");
        assertThatThrownBy(() -> check("gateway.profiles.p { client-id = A, upstream.response-timout = 1s }"))
                .hasMessageContaining("did you mean gateway.profiles.p.upstream.response-timeout?");
        assertThatThrownBy(() -> check("gateway.profile-defaults.upstream.urll = x"))
                .hasMessageContaining("did you mean gateway.profile-defaults.upstream.url?");
    }

    @Test
    void aSectionEmptyInTheReferenceIsFreeForm() {
        assertThatCode(() -> check("gateway.labels { team = payments, cost-centre = 7 }"))
                .doesNotThrowAnyException();
    }

    @Test
    void theRealReferenceAcceptsItsOwnExampleProfile() {
        Config ref = ConfigFactory.defaultReference();
        assertThatCode(() -> KnownKeys.check(
                        ConfigFactory.parseString(
                                        """
                        gateway.profiles.sea {
                          client-id = "SANDBOX_5X00000000000000"
                          merchant-private-key-file = "/keys/merchant-private.pem"
                          key-version = 1
                          algorithm = RSA256
                          alipay-public-keys = [ { version = 1, file = "/keys/alipay-public.pem" } ]
                          upstream { url = "https://open-sea-global.alipay.com" }
                          encryption { enabled = false, aes-key-bits = 256 }
                        }
                        """)
                                .withFallback(ref)
                                .resolve(),
                        ref))
                .doesNotThrowAnyException();
    }
}

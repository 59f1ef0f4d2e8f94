/**
 * Tests of what deploys the gateway: the Helm chart in {@code helm/} rendered by real Helm
 * (helm-java) and parsed strictly into fabric8's Kubernetes model, its alerting rules and Grafana
 * dashboard against promtool and a live {@code /metrics}, and the container image's entrypoint run
 * against the real jar.
 */
@NullMarked
package io.amsgateway.deploy;

import org.jspecify.annotations.NullMarked;

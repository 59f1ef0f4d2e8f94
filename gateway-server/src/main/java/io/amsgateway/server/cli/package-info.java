/** The picocli subcommands of {@code ams-gateway.jar}. Each is a thin shell over gateway-core. */
package io.amsgateway.server.cli;

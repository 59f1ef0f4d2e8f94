/** Typed, validated configuration loaded once at start-up from HOCON (Typesafe Config). */
@NullMarked
package io.amsgateway.server.config;

import org.jspecify.annotations.NullMarked;

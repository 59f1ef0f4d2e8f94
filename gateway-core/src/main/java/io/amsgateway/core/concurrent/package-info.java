/** Small concurrency helpers shared by the modules. */
@NullMarked
package io.amsgateway.core.concurrent;

import org.jspecify.annotations.NullMarked;

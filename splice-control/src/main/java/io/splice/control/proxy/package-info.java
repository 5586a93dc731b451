/** The proxy process as the daemon sees it: started, adopted, supervised and configured through its admin API. */
package io.splice.control.proxy;

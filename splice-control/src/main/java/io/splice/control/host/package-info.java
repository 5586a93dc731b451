/** What the daemon needs of the machine itself: free ports, and command lines that start other Splice roles. */
package io.splice.control.host;

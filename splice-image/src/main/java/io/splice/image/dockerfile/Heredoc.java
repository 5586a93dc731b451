package io.splice.image.dockerfile;

/**
 * A here-document of {@code RUN}, {@code COPY} or {@code ADD}.
 *
 * <pre>
 * COPY &lt;&lt;EOF /etc/motd        name "EOF", expand true
 * hello $USER
 * EOF
 * RUN &lt;&lt;-'END'                  name "END", expand false, leading tabs stripped
 * 	echo "$HOME"
 * 	END
 * </pre>
 *
 * @param name the delimiter word, without quotes
 * @param content the body, each line ending with a newline
 * @param expand whether variables in the body are substituted (the delimiter was not quoted)
 */
public record Heredoc(String name, String content, boolean expand) {}

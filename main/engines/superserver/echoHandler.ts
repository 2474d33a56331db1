// An inetd handler started per connection: the connection is its standard input and output.
// It answers every line with the line, then exits when the client closes.
process.stdin.pipe(process.stdout);

from termgraph.cli import main

main()

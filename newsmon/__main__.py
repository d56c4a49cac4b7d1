from newsmon.startup import main

main()

// Every module the BOM names resolved to this build's version and was on the compile class path.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'target/classes/example/Host.class').isFile()
